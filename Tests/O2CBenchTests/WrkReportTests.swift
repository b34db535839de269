import O2CBench
import Testing

/// `o2c bench http` reads wrk's report; these are reports as wrk 4.1 prints them.
@Suite struct WrkReportTests {
    @Test func readsRequestsSecondsAndPercentilesInEveryUnit() throws {
        let report = """
            Running 1s test @ http://127.0.0.1:18080/healthz
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     7.73ms    6.35ms  49.21ms   79.43%
                Req/Sec     4.68k     2.66k   10.04k    75.00%
              Latency Distribution
                 50%  870.00us
                 75%   10.26ms
                 90%   16.86ms
                 99%    1.20s
              9634 requests in 1.06s, 1.25MB read
            Requests/sec:   9114.58
            Transfer/sec:      1.18MB
            """
        let result = try #require(HTTPBench.parseWrk(report, name: "healthz"))
        #expect(result.ok == 9634)
        #expect(result.errors == 0)
        #expect(abs(result.seconds - 1.06) < 1e-9)
        #expect(abs(result.p50Ms - 0.87) < 1e-9)
        #expect(abs(result.p99Ms - 1200) < 1e-9)
    }

    @Test func countsNon2xxAnswersAndSocketErrorsAsErrors() throws {
        let report = """
              Latency Distribution
                 50%    5.65ms
                 99%   27.99ms
              4000 requests in 2.00s, 1.00MB read
              Socket errors: connect 0, read 3, write 0, timeout 2
              Non-2xx or 3xx responses: 100
            Requests/sec:   2000.00
            """
        let result = try #require(HTTPBench.parseWrk(report, name: "order_read"))
        #expect(result.errors == 105)
        #expect(result.ok == 3895)
        #expect(abs(result.requestsPerSecond - 1947.5) < 1e-9)
    }

    @Test func aReportWithoutFiguresIsRefused() {
        #expect(HTTPBench.parseWrk("unable to connect to 127.0.0.1:1 Connection refused", name: "x") == nil)
        #expect(HTTPBench.parseWrk("10 requests in 1.00s\n  50%  1.00ms\n", name: "x") == nil)
    }
}
