import Hummingbird

/// `GET /` (the sales rep's page), `/rep.js`, `/rep.css`: static, served without a token; every
/// data call the page makes carries the token the rep pasted (kept in sessionStorage, sent in the
/// Authorization header, never in a URL). A strict Content-Security-Policy allows only this
/// server's own script, style and API: no inline script, no other origin, no framing.
struct PageRoutes {
    /// The page's policy.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static let files: [(path: String, type: String, bytes: [UInt8])] = [
        ("/", "text/html; charset=utf-8", PackageResources.rep_html),
        ("/rep.js", "text/javascript; charset=utf-8", PackageResources.rep_js),
        ("/rep.css", "text/css; charset=utf-8", PackageResources.rep_css),
    ]

    func register(on router: Router<O2CRequestContext>) {
        for file in Self.files {
            let body = ByteBuffer(bytes: file.bytes)
            var headers = HTTPFields()
            headers[.contentType] = file.type
            headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            headers[.xContentTypeOptions] = "nosniff"
            headers[.cacheControl] = "no-cache"
            let fixed = headers
            router.get(RouterPath(stringLiteral: file.path)) { _, _ in Response(status: .ok, headers: fixed, body: ResponseBody(byteBuffer: body)) }
        }
    }
}
