#ifndef O2C_CLIBXML2_SHIM_H
#define O2C_CLIBXML2_SHIM_H

/* Debian's libxml2 is built with ICU, so encoding.h would pull the system's ICU headers into this
   module, where they clash with Foundation's own copy (_FoundationICU: "UErrorCode ... is not
   present in definition"). o2c never touches an encoding handler's ICU fields (pointers at the
   end of a struct it does not allocate), so the module is imported without them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

/* The XML_PARSE_* options o2c reads bank statements with: no network, no entity substitution
   (XML_PARSE_NOENT is never set), no DTD loading or validation, no huge-document relaxation. */
static inline int o2c_xml_safe_options(void) {
    return XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_BIG_LINES;
}

/* Refuses any DOCTYPE: the SAX handler for an internal subset stops the parser before a single
   entity declaration is read (XML bombs and external entities never get a chance). */
static inline void o2c_refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    ctxt->_private = (void *)1;
    xmlStopParser(ctxt);
}

static inline void o2c_install_doctype_guard(xmlParserCtxtPtr ctxt) {
    if (ctxt != NULL && ctxt->sax != NULL) {
        ctxt->sax->internalSubset = o2c_refuse_doctype;
        ctxt->sax->externalSubset = o2c_refuse_doctype;
        ctxt->sax->entityDecl = NULL;
    }
}

static inline int o2c_doctype_refused(xmlParserCtxtPtr ctxt) {
    return ctxt != NULL && ctxt->_private == (void *)1;
}

/* xmlFree is a global function pointer; Swift 6 cannot read a mutable global safely. */
static inline void o2c_xml_free(void *p) {
    xmlFree(p);
}

static inline void o2c_ignore_generic_error(void *ctx, const char *msg, ...) {
    (void)ctx; (void)msg;
}

static inline void o2c_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, o2c_ignore_generic_error);
}

#endif
