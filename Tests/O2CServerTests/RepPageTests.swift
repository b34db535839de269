import Foundation
import O2CCore
import O2CLedger
import O2CScriptedModel
import Testing

/// The sales rep's page at `/`, in a real headless browser (Debian's chromium, driven over the
/// DevTools protocol by a small Python script): the rep pastes a token, sees their customers,
/// asks a question and watches the tool calls and the answer stream in.
@Suite("The rep's web page", .serialized)
struct RepPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Drives chromium: open the page, paste the token, wait for the customers, ask, wait for
    /// the answer, take a screenshot; prints what the page showed as JSON.
    static let driver = #"""
    import json, os, subprocess, sys, tempfile, time, urllib.request, base64
    from websocket import create_connection
    url, token, question, shot = sys.argv[1:5]
    profile = tempfile.mkdtemp()
    # Port 0: chromium picks a free port itself and writes it to DevToolsActivePort (a port
    # picked here and closed could be taken by another test before chromium binds it).
    chrome = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1000,800",
                               "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def until(f, what, seconds=60):
        end = time.time() + seconds
        while time.time() < end:
            try:
                v = f()
                if v: return v
            except Exception: pass
            time.sleep(0.1)
        raise SystemExit("timed out waiting for " + what)
    def active_port():
        with open(os.path.join(profile, "DevToolsActivePort")) as f: return int(f.readline())
    try:
        port = until(active_port, "chromium's DevTools port")
        tabs = until(lambda: json.load(urllib.request.urlopen("http://127.0.0.1:%d/json" % port)), "chromium")
        page = [t for t in tabs if t.get("type") == "page"][0]
        ws = create_connection(page["webSocketDebuggerUrl"], timeout=60)
        n = [0]
        def call(method, **params):
            n[0] += 1
            ws.send(json.dumps({"id": n[0], "method": method, "params": params}))
            while True:
                m = json.loads(ws.recv())
                if m.get("id") == n[0]: return m.get("result", {})
        def js(expr): return call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True).get("result", {}).get("value")
        call("Page.enable")
        call("Page.navigate", url=url)
        until(lambda: js("document.readyState === 'complete' && !!document.getElementById('token')"), "the page")
        js("document.getElementById('token').value = %s; document.getElementById('token-form').requestSubmit(); true" % json.dumps(token))
        until(lambda: js("document.querySelectorAll('#customers li[data-id]').length > 0"), "the customers")
        js("document.getElementById('question').value = %s; document.getElementById('ask-form').requestSubmit(); true" % json.dumps(question))
        until(lambda: js("document.getElementById('answer').dataset.state === 'done'"), "the answer")
        png = base64.b64decode(call("Page.captureScreenshot", format="png")["data"])
        open(shot, "wb").write(png)
        print(json.dumps({
            "customers": js("[...document.querySelectorAll('#customers li[data-id]')].map(li => li.dataset.id)"),
            "tools": js("[...document.querySelectorAll('#tools li')].map(li => li.textContent)"),
            "answer": js("document.getElementById('answer').textContent"),
            "error": js("document.getElementById('error').textContent"),
            "href": js("location.href"),
            "stored": js("sessionStorage.getItem('o2c.token') !== null"),
            "tokenField": js("document.getElementById('token').value"),
            "formShown": js("getComputedStyle(document.getElementById('token-form')).display !== 'none'"),
        }))
    finally:
        chrome.kill()
        chrome.wait()
    """#

    static var python: String { root + "/.venv-test/bin/python" }

    @Test func thePageIsServedWithoutATokenUnderAStrictPolicyAndItsDataNeedsOne() async throws {
        try await TestServer.run { s in
            let page = try await s.send("GET", "/", validate: false)
            #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
            let csp = try #require(page.header("Content-Security-Policy"))
            #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"))
            #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            #expect(!page.body.contains("http://") && !page.body.contains("https://"), "no external resources")
            #expect(!page.body.contains("<script>"), "no inline script")
            let js = try await s.send("GET", "/rep.js", validate: false)
            #expect(js.status == 200 && js.body.contains("sessionStorage") && !js.body.contains("innerHTML"))
            #expect(!js.body.contains("?token") && !js.body.contains("&token"), "the token never goes in a URL")
            #expect(try await s.send("GET", "/v1/customers").status == 401)
        }
    }

    @Test func aRepPastesATokenSeesTheirCustomersAndTheAnswerStreamsInAHeadlessBrowser() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            Issue.record("this test needs Debian's chromium: run 'make test' (it installs it) or 'apt-get install chromium'")
            return
        }
        let python = Self.python
        var hasClient = false
        if FileManager.default.isExecutableFile(atPath: python) {
            hasClient = try await blocking { Result { try ChildProcess.run(python, arguments: ["-c", "import websocket"]) } }.get().status == 0
        }
        guard hasClient else {
            Issue.record("this test needs websocket-client in .venv-test: run 'make test' (it installs it)")
            return
        }
        let model = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"customer_id": "C-001"}"#)]),
            .text("Acme Corp is in good standing."),
        ])
        try model.start()
        defer { model.stop() }
        try await TestServer.run(model: model) { s in
            let shot = NSTemporaryDirectory() + "o2c-page-\(UUID().uuidString).png"
            let url = "http://127.0.0.1:\(s.handle.port)/"
            let token = s.token("sam")
            let out = try await blocking {
                Result { try ChildProcess.run(Self.python, arguments: ["-c", Self.driver, url, token, "How is Acme doing?", shot]) }
            }.get()
            let stdout = String(decoding: out.stdout, as: UTF8.self)
            #expect(out.status == 0, "\(String(decoding: out.stderr, as: UTF8.self))")
            let shown = try JSONParser().parse(stdout)
            let customers = (shown["customers"]?.arrayValue ?? []).compactMap(\.stringValue)
            let owned = (try s.ledger.customers(ListFilter(owner: "sam"))).compactMap { $0.id }
            #expect(!customers.isEmpty && Set(customers) == Set(owned), "the rep sees exactly their customers")
            #expect(shown["tools"]?.arrayValue?.first?.stringValue?.hasPrefix("customer_lookup(") == true, "the tool call is shown")
            #expect(shown["answer"] == "Acme Corp is in good standing.")
            #expect(shown["error"] == "")
            #expect(shown["href"] == .string(url), "the token is not in the URL")
            #expect(shown["stored"] == true && shown["tokenField"] == "")
            #expect(shown["formShown"] == false, "the token form is gone once the token is kept")
            let png = try Data(contentsOf: URL(fileURLWithPath: shot))
            try? FileManager.default.removeItem(atPath: shot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "a rendered screenshot, not a blank one (\(png.count) bytes)")
        }
    }
}
