#ifndef TESSERA_CLIBXML2_SHIM_H
#define TESSERA_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, and encoding.h then pulls ICU's headers into this module,
 * where they clash with Foundation's own copy (_FoundationICU: "UErrorCode has different
 * definitions in different modules"). Tessera never touches xmlCharEncodingHandler's ICU fields,
 * so the module is built without them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/c14n.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/uri.h>

/// xmlFree is a macro-backed global; expose it as a function Swift can call.
static inline void tessera_xmlFree(void *ptr) { xmlFree(ptr); }
#endif
