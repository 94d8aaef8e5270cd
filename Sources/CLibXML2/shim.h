#ifndef TESSERA_CLIBXML2_SHIM_H
#define TESSERA_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/c14n.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

/// xmlFree is a macro-backed global; expose it as a function Swift can call.
static inline void tessera_xmlFree(void *ptr) { xmlFree(ptr); }
#endif
