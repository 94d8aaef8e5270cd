// Drives Apache WSS4J 1.6 (Debian's libwss4j-java) as an independent WS-Security implementation
// for Tessera's interop tests and for the same-machine speed comparison in docs/benchmarks.md.
//
//   sign FIXTURES IN OUT                 sign Body and Timestamp of IN with gateway.p12 (BST, RSA-SHA256, exc-c14n)
//   sign-x509-key-identifier FIXTURES IN OUT
//                                        the same, the certificate carried in a KeyIdentifier of ValueType
//                                        #X509v3 instead of a BST (WSS4J's X509KeyIdentifier key identifier type)
//   sign-saml-sender-vouches FIXTURES IN ASSERTION OUT
//                                        the sender-vouches layout of SAML Token Profile 1.1 §3.5.1 as WSS4J's
//                                        WSSecSignatureSAML writes it, signed with gateway.p12: the SAML 2.0
//                                        assertion in ASSERTION and a SecurityTokenReference to it (a SAMLID
//                                        KeyIdentifier) in the header, the signature over Body, Timestamp and
//                                        that reference with WSS4J's STR Dereference Transform
//   verify FIXTURES IN                   process IN's security header, trusting ca.cert.pem; prints what each
//                                        signature covered and the signer, one line each (the element an STR
//                                        Dereference Transform reached for such a reference)
//   verify-identity-assertion FIXTURES IN
//                                        the same, accepting a UsernameToken without password (an identity
//                                        assertion, as a provider behind a gateway configures WSS4J); also
//                                        prints "username <name>" for each UsernameToken
//   sc-request FIXTURES IN CONTEXT OUT  secure IN under the security context in CONTEXT (the JSON file
//                                        `tessera sc establish` writes) as WSS4J's WSSecDKSign and WSSecDKEncrypt do
//                                        (WS-SC 1.3 §7): a Timestamp; one DerivedKeyToken signs Body, Timestamp and
//                                        every WS-Addressing header with the file's HMAC and digest, another
//                                        encrypts the Body's content with its AES-CBC; both reference the context
//                                        by its Identifier (wsse:Reference URI without '#', ValueType .../sct)
//   sc-verify FIXTURES IN CONTEXT        process IN's security header with the context's secret (WSS4J's
//                                        SECURITY_CONTEXT_TOKEN password callback, for that Identifier only);
//                                        prints "decrypted <algorithm> {ns}name..." and "signed <algorithm>
//                                        {ns}name..." per result, then "body <text of the Body>"
//   bench-sign FIXTURES IN SECONDS       parses and signs IN repeatedly, serializing each result
//   bench-verify FIXTURES IN SECONDS     parses and verifies IN repeatedly (WSS4J 1.6 keeps no replay cache)
//     Both print "<sign|verify> <ops per wall second> <ops per CPU second of the measuring thread>"
//     after a warm-up, so the JIT has compiled the hot path as in a long-running service.
import java.io.*;
import java.lang.management.*;
import java.nio.file.*;
import java.security.KeyStore;
import java.security.cert.*;
import java.util.*;
import javax.xml.namespace.QName;
import javax.xml.parsers.*;
import javax.xml.transform.*;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.ws.security.*;
import org.apache.ws.security.components.crypto.Merlin;
import org.apache.ws.security.message.*;
import org.apache.ws.security.util.WSSecurityUtil;
import org.w3c.dom.*;

public final class Wss4jTool {
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";

    public static void main(String[] args) throws Exception {
        WSSConfig.init();
        String mode = args[0];
        Path fixtures = Paths.get(args[1]);
        byte[] input = Files.readAllBytes(Paths.get(args[2]));
        Merlin crypto = crypto(fixtures);
        switch (mode) {
            case "sign" -> Files.write(Paths.get(args[3]), serialize(sign(parse(input), crypto, WSConstants.BST_DIRECT_REFERENCE)));
            case "sign-x509-key-identifier" ->
                Files.write(Paths.get(args[3]), serialize(sign(parse(input), crypto, WSConstants.X509_KEY_IDENTIFIER)));
            case "sign-saml-sender-vouches" -> Files.write(Paths.get(args[4]),
                serialize(signSenderVouches(parse(input), parse(Files.readAllBytes(Paths.get(args[3]))), crypto)));
            case "verify", "verify-identity-assertion" -> {
                for (WSSecurityEngineResult result : verify(parse(input), crypto, mode.equals("verify-identity-assertion"))) {
                    Object principal = result.get(WSSecurityEngineResult.TAG_PRINCIPAL);
                    if (principal instanceof WSUsernameTokenPrincipal username) {
                        System.out.println("username " + username.getName());
                    }
                    Object refs = result.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
                    if (refs == null) continue;
                    StringBuilder line = new StringBuilder("signed");
                    for (Object ref : (List<?>) refs) {
                        QName name = ((WSDataRef) ref).getName();
                        line.append(' ').append('{').append(name.getNamespaceURI()).append('}').append(name.getLocalPart());
                    }
                    X509Certificate signer = (X509Certificate) result.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
                    if (signer != null) line.append(" by ").append(signer.getSubjectX500Principal().getName());
                    System.out.println(line);
                }
            }
            case "sc-request" -> Files.write(Paths.get(args[4]), serialize(secureUnderContext(parse(input), ContextFile.read(Paths.get(args[3])))));
            case "sc-verify" -> {
                Document document = parse(input);
                for (WSSecurityEngineResult result : verifyUnderContext(document, ContextFile.read(Paths.get(args[3])), crypto)) {
                    Object refs = result.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
                    int action = (Integer) result.get(WSSecurityEngineResult.TAG_ACTION);
                    if (refs == null || (action != WSConstants.SIGN && action != WSConstants.ENCR)) continue;
                    StringBuilder line = new StringBuilder(action == WSConstants.SIGN ? "signed " : "decrypted ");
                    List<?> dataRefs = (List<?>) refs;
                    String algorithm = action == WSConstants.SIGN
                        ? (String) result.get(WSSecurityEngineResult.TAG_SIGNATURE_METHOD)
                        : (dataRefs.isEmpty() ? "" : ((WSDataRef) dataRefs.get(0)).getAlgorithm());
                    line.append(algorithm);
                    for (Object ref : dataRefs) {
                        QName name = ((WSDataRef) ref).getName();
                        line.append(' ').append('{').append(name.getNamespaceURI()).append('}').append(name.getLocalPart());
                    }
                    System.out.println(line);
                }
                Element body = WSSecurityUtil.findBodyElement(document);
                System.out.println("body " + body.getTextContent().trim());
            }
            case "bench-sign", "bench-verify" -> {
                double seconds = Double.parseDouble(args[3]);
                boolean signing = mode.equals("bench-sign");
                // Warm up the JIT before measuring, as a long-running Java service would be.
                run(signing, input, crypto, 3.0);
                double[] rates = run(signing, input, crypto, seconds);
                System.out.printf(Locale.ROOT, "%s %.1f %.1f%n", signing ? "sign" : "verify", rates[0], rates[1]);
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static double[] run(boolean signing, byte[] message, Merlin crypto, double seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime(), deadline = start + (long) (seconds * 1e9);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long count = 0;
        while (System.nanoTime() < deadline) {
            Document document = parse(message);
            if (signing) serialize(sign(document, crypto, WSConstants.BST_DIRECT_REFERENCE)); else verify(document, crypto, false);
            count++;
        }
        double wall = (System.nanoTime() - start) / 1e9, cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        return new double[] { count / wall, count / cpu };
    }

    private static Merlin crypto(Path fixtures) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(fixtures.resolve("gateway.p12"))) {
            keys.load(in, "tessera".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(fixtures.resolve("ca.cert.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Merlin crypto = new Merlin();
        crypto.setKeyStore(keys);
        crypto.setTrustStore(trust);
        return crypto;
    }

    private static Document sign(Document document, Merlin crypto, int keyIdentifierType) throws Exception {
        WSSecHeader header = new WSSecHeader();
        header.setMustUnderstand(true);
        header.insertSecurityHeader(document);
        if (WSSecurityUtil.findElement(document.getDocumentElement(), "Timestamp", WSConstants.WSU_NS) == null) {
            WSSecTimestamp timestamp = new WSSecTimestamp();
            timestamp.setTimeToLive(300);
            timestamp.build(document, header);
        }
        WSSecSignature signature = new WSSecSignature();
        signature.setUserInfo("gateway", "tessera");
        signature.setKeyIdentifierType(keyIdentifierType);
        signature.setSignatureAlgorithm("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        signature.setDigestAlgo(WSConstants.SHA256);
        signature.setSigCanonicalization(WSConstants.C14N_EXCL_OMIT_COMMENTS);
        List<WSEncryptionPart> parts = new ArrayList<>();
        parts.add(new WSEncryptionPart("Body", SOAP11, ""));
        parts.add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, ""));
        signature.setParts(parts);
        signature.build(document, crypto, header);
        return document;
    }

    /**
     * WSSecSignatureSAML needs OpenSAML, which Debian does not package, so the same header is
     * built by hand around WSS4J's own signing: the assertion, then the SecurityTokenReference
     * (wsu:Id, TokenType SAMLV2.0, a SAMLID KeyIdentifier), and WSSecSignature's reserved
     * "STRTransform" part, which references that STR with the STR Dereference Transform and
     * exclusive C14N in its TransformationParameters, as WSSecSignatureSAML does.
     */
    private static Document signSenderVouches(Document document, Document assertion, Merlin crypto) throws Exception {
        WSSecHeader header = new WSSecHeader();
        header.setMustUnderstand(true);
        header.insertSecurityHeader(document);
        WSSecTimestamp timestamp = new WSSecTimestamp();
        timestamp.setTimeToLive(300);
        timestamp.build(document, header);
        Element security = header.getSecurityHeader();
        Element token = (Element) document.importNode(assertion.getDocumentElement(), true);
        security.appendChild(token);
        String xmlns = "http://www.w3.org/2000/xmlns/";
        Element reference = document.createElementNS(WSConstants.WSSE_NS, "wsse:SecurityTokenReference");
        reference.setAttributeNS(xmlns, "xmlns:wsse", WSConstants.WSSE_NS);
        reference.setAttributeNS(xmlns, "xmlns:wsu", WSConstants.WSU_NS);
        reference.setAttributeNS(xmlns, "xmlns:wsse11", WSConstants.WSSE11_NS);
        reference.setAttributeNS(WSConstants.WSU_NS, "wsu:Id", "STRSAMLId-1");
        reference.setAttributeNS(WSConstants.WSSE11_NS, "wsse11:TokenType", "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0");
        Element keyIdentifier = document.createElementNS(WSConstants.WSSE_NS, "wsse:KeyIdentifier");
        keyIdentifier.setAttributeNS(null, "ValueType", WSConstants.WSS_SAML2_KI_VALUE_TYPE);
        keyIdentifier.setTextContent(token.getAttributeNS(null, "ID"));
        reference.appendChild(keyIdentifier);
        security.appendChild(reference);

        WSSecSignature signature = new WSSecSignature();
        signature.setUserInfo("gateway", "tessera");
        signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
        signature.setSignatureAlgorithm("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        signature.setDigestAlgo(WSConstants.SHA256);
        signature.setSigCanonicalization(WSConstants.C14N_EXCL_OMIT_COMMENTS);
        List<WSEncryptionPart> parts = new ArrayList<>();
        parts.add(new WSEncryptionPart("Body", SOAP11, ""));
        parts.add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, ""));
        WSEncryptionPart strPart = new WSEncryptionPart("STRTransform", SOAP11, "Content");
        strPart.setId("STRSAMLId-1");
        strPart.setElement(reference);
        parts.add(strPart);
        signature.setParts(parts);
        signature.build(document, crypto, header);
        return document;
    }

    /** The fields of a `tessera sc establish` context file this tool needs (flat JSON strings and numbers). */
    private record ContextFile(String identifier, String namespace, byte[] secret, String referenceValueType,
                               String signatureAlgorithm, String digestMethod, int signatureKeyLength, String encryptionAlgorithm) {
        static ContextFile read(Path path) throws IOException {
            String json = Files.readString(path);
            return new ContextFile(string(json, "identifier"), string(json, "namespace"), Base64.getDecoder().decode(string(json, "secret")),
                string(json, "referenceValueType"), string(json, "signatureAlgorithm"), string(json, "digestMethod"),
                Integer.parseInt(field(json, "signatureKeyLength", "(\\d+)")), string(json, "encryptionAlgorithm"));
        }

        int wscVersion() {
            return namespace.equals(org.apache.ws.security.conversation.ConversationConstants.WSC_NS_05_12)
                ? org.apache.ws.security.conversation.ConversationConstants.VERSION_05_12
                : org.apache.ws.security.conversation.ConversationConstants.VERSION_05_02;
        }

        private static String string(String json, String name) {
            return field(json, name, "\"([^\"]*)\"");
        }

        private static String field(String json, String name, String value) {
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*" + value).matcher(json);
            if (!matcher.find()) throw new IllegalArgumentException("the context file has no " + name);
            return matcher.group(1);
        }
    }

    private static Document secureUnderContext(Document document, ContextFile context) throws Exception {
        WSSecHeader header = new WSSecHeader();
        header.setMustUnderstand(true);
        header.insertSecurityHeader(document);
        WSSecTimestamp timestamp = new WSSecTimestamp();
        timestamp.setTimeToLive(300);
        timestamp.build(document, header);
        String soap = document.getDocumentElement().getNamespaceURI();
        List<WSEncryptionPart> signed = new ArrayList<>();
        signed.add(new WSEncryptionPart("Body", soap, ""));
        signed.add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, ""));
        Element soapHeader = WSSecurityUtil.getDirectChildElement(document.getDocumentElement(), "Header", soap);
        for (Node node = soapHeader.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && "http://www.w3.org/2005/08/addressing".equals(element.getNamespaceURI())) {
                signed.add(new WSEncryptionPart(element.getLocalName(), element.getNamespaceURI(), ""));
            }
        }
        WSSecDKSign signature = new WSSecDKSign();
        signature.setWscVersion(context.wscVersion());
        signature.setExternalKey(context.secret(), context.identifier());
        signature.setTokenIdDirectId(true);
        signature.setCustomValueType(context.referenceValueType());
        signature.setSignatureAlgorithm(context.signatureAlgorithm());
        signature.setDigestAlgorithm(context.digestMethod());
        signature.setDerivedKeyLength(context.signatureKeyLength());
        signature.setParts(signed);
        signature.build(document, header);

        WSSecDKEncrypt encryption = new WSSecDKEncrypt();
        encryption.setWscVersion(context.wscVersion());
        encryption.setExternalKey(context.secret(), context.identifier());
        encryption.setTokenIdDirectId(true);
        encryption.setCustomValueType(context.referenceValueType());
        encryption.setSymmetricEncAlgorithm(context.encryptionAlgorithm());
        encryption.setParts(new ArrayList<>(List.of(new WSEncryptionPart("Body", soap, "Content"))));
        encryption.build(document, header);
        return document;
    }

    private static List<WSSecurityEngineResult> verifyUnderContext(Document document, ContextFile context, Merlin crypto) throws Exception {
        WSSecurityEngine engine = new WSSecurityEngine();
        WSSConfig config = WSSConfig.getNewInstance();
        config.setValidator(WSSecurityEngine.TIMESTAMP, new org.apache.ws.security.validate.NoOpValidator());
        engine.setWssConfig(config);
        javax.security.auth.callback.CallbackHandler secrets = callbacks -> {
            for (javax.security.auth.callback.Callback callback : callbacks) {
                if (callback instanceof WSPasswordCallback password && password.getUsage() == WSPasswordCallback.SECURITY_CONTEXT_TOKEN
                    && context.identifier().equals(password.getIdentifier())) {
                    password.setKey(context.secret());
                }
            }
        };
        List<WSSecurityEngineResult> results = engine.processSecurityHeader(document, null, secrets, crypto);
        if (results == null || results.isEmpty()) throw new WSSecurityException("no security header");
        return results;
    }

    private static List<WSSecurityEngineResult> verify(Document document, Merlin crypto, boolean identityAssertions) throws Exception {
        WSSecurityEngine engine = new WSSecurityEngine();
        // Freshness is each side's own policy; the interop question is the signature.
        WSSConfig config = WSSConfig.getNewInstance();
        config.setValidator(WSSecurityEngine.TIMESTAMP, new org.apache.ws.security.validate.NoOpValidator());
        // Whether a SAML assertion is trusted is the relying party's decision (and needs OpenSAML,
        // which Debian does not package); what a signature covers of it is the question here.
        config.setProcessor(WSSecurityEngine.SAML_TOKEN, (org.apache.ws.security.processor.Processor) null);
        config.setProcessor(WSSecurityEngine.SAML2_TOKEN, (org.apache.ws.security.processor.Processor) null);
        config.setAllowUsernameTokenNoPassword(identityAssertions);
        engine.setWssConfig(config);
        List<WSSecurityEngineResult> results = engine.processSecurityHeader(document, null, null, crypto);
        if (results == null || results.isEmpty()) throw new WSSecurityException("no security header");
        return results;
    }

    private static Document parse(byte[] bytes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    private static byte[] serialize(Document document) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }
}
