import Foundation
import O2CCore

/// Takes a screenshot of an HTML file with headless chromium (Debian `chromium`, installed by
/// `make test`) and measures the PNG: how many pixels differ from the page background and how
/// many colours there are. A missing chromium or python3 is a failure with its message, never a skip.
enum PageShot {
    struct Shot {
        let status: Int32
        let log: String
        let png: String
        /// (pixels, pixels unlike the top-left one, distinct colours), from the decoded PNG.
        let measure: (pixels: Int, inked: Int, colors: Int)?
    }

    /// Runs a program to its end with O2CCore's ChildProcess (posix_spawn, not Foundation's
    /// Process: issue 8.13); its status and its output and errors together.
    static func run(_ executable: String, _ args: [String]) throws -> (Int32, String) {
        let out = try ChildProcess.run(executable, arguments: args, timeoutSeconds: 300)
        return (out.status, String(decoding: out.stdout + out.stderr, as: UTF8.self))
    }

    /// Takes the shot off Swift's cooperative threads, so servers in other suites keep running.
    static func take(_ html: String) async throws -> Shot {
        try await blocking { Result { try shoot(html) } }.get()
    }

    static func shoot(_ html: String) throws -> Shot {
        let dir = NSTemporaryDirectory() + "o2c-shot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let page = dir + "/page.html", png = dir + "/page.png"
        try Data(html.utf8).write(to: URL(fileURLWithPath: page))
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            return Shot(status: -1, log: "chromium is not installed (Debian: apt-get install chromium; 'make test' installs it)", png: png, measure: nil)
        }
        let (status, log) = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir)/profile",
                                              "--window-size=800,600", "--screenshot=\(png)", "file://\(page)"])
        guard FileManager.default.fileExists(atPath: png) else { return Shot(status: status, log: log, png: png, measure: nil) }
        let (ms, out) = try run("/usr/bin/env", ["python3", "-c", measureScript, png])
        let parts = out.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        return Shot(status: ms == 0 ? status : ms, log: log + out, png: png, measure: parts.count == 3 ? (parts[0], parts[1], parts[2]) : nil)
    }

    /// Decodes an 8-bit RGB/RGBA PNG (all five scanline filters) and prints: pixels, pixels
    /// unlike the top-left pixel, distinct colours.
    static let measureScript = """
        import sys, zlib, struct
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
        i, idat = 8, b''
        while i < len(d):
            n, t = struct.unpack('>I4s', d[i:i+8]); body = d[i+8:i+8+n]; i += 12 + n
            if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            if t == b'IDAT': idat += body
        assert depth == 8 and ctype in (2, 6), 'unsupported PNG'
        bpp = 3 if ctype == 2 else 4
        raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); rows = []; p = 0
        for y in range(h):
            f = raw[p]; line = bytearray(raw[p+1:p+1+stride]); p += 1 + stride
            for x in range(stride):
                a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(bytes(line)); prev = line
        px = [r[k:k+3] for r in rows[::2] for k in range(0, stride, bpp * 2)]
        bg = px[0]
        print(len(px), sum(1 for q in px if q != bg), len(set(px)))
        """
}
