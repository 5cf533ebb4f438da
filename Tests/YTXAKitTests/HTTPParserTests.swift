import Foundation
import Testing

@testable import YTXAFormats

/// The server's HTTP/1.1 reader (RFC 9112) against a table of well-formed, malformed and hostile
/// requests, each with the status it must get; the forms; and Python's `http.client` as the
/// independent writer of requests.
@Suite("HTTP/1.1: requests read strictly, hostile ones refused")
struct HTTPParserTests {
  static func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPParser.Outcome {
    HTTPParser.parse(Array(text.utf8), limits: limits)
  }

  static func status(_ text: String, limits: HTTPLimits = HTTPLimits()) -> Int? {
    switch parse(text, limits: limits) {
    case .refused(let error): error.status
    case .request: 200
    case .incomplete: nil
    }
  }

  @Test("a GET, a HEAD and a POST with its body, keep-alive, two requests in one buffer")
  func wellFormed() throws {
    let get = "GET /api/session?x=1&y=a+b&z=%C3%A1 HTTP/1.1\r\nHost: a\r\nCookie: s=1\r\n\r\n"
    guard
      case .request(let request, let used) = Self.parse(get + "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    else {
      Issue.record("not read")
      return
    }
    #expect(used == get.utf8.count)
    #expect(request.method == .get && request.path == "/api/session")
    #expect(request.query.map(\.value) == ["1", "a b", "á"])
    #expect(request.header("COOKIE") == "s=1")
    #expect(request.keepAlive)
    let post =
      "POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nab=cd"
    guard case .request(let login, _) = Self.parse(post) else {
      Issue.record("not read")
      return
    }
    #expect(login.body == Array("ab=cd".utf8) && !login.keepAlive)
    #expect(Self.status("HEAD / HTTP/1.0\r\n\r\n") == 200)
    // Not yet whole: more bytes are needed, nothing is refused.
    #expect(Self.status("GET / HTTP/1.1\r\nHost: a\r\n") == nil)
    #expect(Self.status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc") == nil)
    // A percent-encoded Vietnamese path is decoded.
    guard
      case .request(let named, _) = Self.parse(
        "GET /x/%C4%90%E1%BB%A9c HTTP/1.1\r\nHost: a\r\n\r\n")
    else { return }
    #expect(named.path == "/x/Đức")
  }

  /// Malformed and hostile requests and the status each must get (then the connection closes).
  static let hostile: [(String, String, Int)] = [
    ("no version", "GET /\r\n\r\n", 400),
    ("two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("a tab for a space", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("lowercase method", "get / HTTP/1.1\r\nHost: a\r\n\r\n", 405),
    ("PUT", "PUT / HTTP/1.1\r\nHost: a\r\n\r\n", 405),
    ("CONNECT", "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", 405),
    ("a method that is not a token", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
    ("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
    ("a version that is not one", "GET / HTXP/1.1\r\nHost: a\r\n\r\n", 400),
    ("absolute form", "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("asterisk form", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("no Host", "GET / HTTP/1.1\r\n\r\n", 400),
    ("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    ("LF alone", "GET / HTTP/1.1\nHost: a\n\n", 400),
    ("CR alone", "GET / HTTP/1.1\rHost: a\r\n\r\n", 400),
    ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  2\r\n\r\n", 400),
    ("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
    ("no colon", "GET / HTTP/1.1\r\nHost a\r\n\r\n", 400),
    ("NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", 400),
    ("escape in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: \u{1B}[31m\r\n\r\n", 400),
    (
      "Content-Length twice",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400
    ),
    ("Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\nx", 400),
    ("negative length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
    ("signed length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx", 400),
    (
      "length past Int64",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400
    ),
    ("huge length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999999\r\n\r\n", 413),
    ("chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411),
    (
      "chunked and length (smuggling)",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      400
    ),
    (
      "chunked, obfuscated", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n",
      400
    ),
    ("traversal", "GET /../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("encoded traversal", "GET /static/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("dot segment", "GET /a/./b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("backslash", "GET /a%5c..%5cb HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("encoded NUL", "GET /a%00b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("invalid UTF-8", "GET /a%C3%28 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("bad escape", "GET /a%G1 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("short escape", "GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("NUL in the query", "GET /a?x=%00 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("raw UTF-8 in the target", "GET /Đ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ("fragment", "GET /a%23b#c HTTP/1.1\r\nHost: a\r\n\r\n", 400),
  ]

  @Test("malformed and hostile requests each get their status")
  func hostileTable() {
    for (label, text, status) in Self.hostile {
      #expect(Self.status(text) == status, "\(label)")
    }
  }

  @Test("limits: a long request line, a header flood, a large header section")
  func limits() {
    var limits = HTTPLimits()
    limits.body = 10
    #expect(Self.status("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\r\n") == 414)
    // Too long is known before the line ends: a slow sender of one endless line is cut off.
    #expect(Self.status("GET /" + String(repeating: "a", count: 9000)) == 414)
    let flood = (0..<101).map { "X-\($0): 1\r\n" }.joined()
    #expect(Self.status("GET / HTTP/1.1\r\nHost: a\r\n" + flood + "\r\n") == 431)
    let big = "X: " + String(repeating: "b", count: 33 * 1024) + "\r\n"
    #expect(Self.status("GET / HTTP/1.1\r\nHost: a\r\n" + big + "\r\n") == 431)
    #expect(
      Self.status("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "c", count: 40 * 1024)) == 431
    )
    #expect(
      Self.status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: limits) == 413
    )
    #expect(
      Self.status(
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits) == 200
    )
  }

  @Test("every prefix of a valid request is incomplete, never refused or misread")
  func prefixes() {
    let text = Array("POST /api/x?a=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc".utf8)
    for end in 0..<text.count {
      #expect(HTTPParser.parse(Array(text[0..<end])) == .incomplete, "\(end)")
    }
  }

  @Test("random bytes and mutated requests never trap")
  func mutations() {
    var generator = SystemRandomNumberGenerator()
    let seeds = Self.hostile.map { Array($0.1.utf8) }
    for _ in 0..<3000 {
      var bytes = seeds.randomElement(using: &generator)!
      for _ in 0..<Int.random(in: 1...6, using: &generator) where !bytes.isEmpty {
        let index = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0...2, using: &generator) {
        case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
        case 1: bytes.remove(at: index)
        default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
        }
      }
      _ = HTTPParser.parse(bytes)
    }
  }

  @Test("forms: urlencoded fields and multipart parts, the client's file name reduced")
  func forms() throws {
    let fields = try HTTPForm.urlEncoded(Array("username=c%C3%A1&password=a+b%26c&csrf=".utf8))
      .get()
    #expect(fields.map(\.name) == ["username", "password", "csrf"])
    #expect(fields.map(\.value) == ["cá", "a b&c", ""])
    #expect((try? HTTPForm.urlEncoded(Array("a=%00".utf8)).get()) == nil)
    #expect((try? HTTPForm.urlEncoded(Array("a=%FF".utf8)).get()) == nil)
    let boundary = try #require(
      HTTPForm.boundary(of: "multipart/form-data; boundary=\"----WebKitFormBoundaryX\""))
    #expect(boundary == "----WebKitFormBoundaryX")
    #expect(
      HTTPForm.boundary(of: "multipart/form-data; boundary=" + String(repeating: "a", count: 71))
        == nil)
    #expect(HTTPForm.boundary(of: "text/plain; boundary=a") == nil)
    let body =
      "------WebKitFormBoundaryX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
      + "------WebKitFormBoundaryX\r\nContent-Disposition: form-data; name=\"file\"; "
      + "filename=\"C:\\\\Users\\\\x\\\\..\\\\bad.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
      + "PK\u{3}\u{4}\r\n\r\nbinary\r\n------WebKitFormBoundaryX--\r\n"
    let parts = try HTTPForm.multipart(Array(body.utf8), boundary: boundary).get()
    #expect(parts.map(\.name) == ["csrf", "file"])
    #expect(parts[0].text == "tok")
    #expect(parts[1].fileName == "bad.xlsx")
    #expect(parts[1].body == Array("PK\u{3}\u{4}\r\n\r\nbinary".utf8))
    #expect(HTTPForm.lastComponent("../../..") == "upload")
    #expect(HTTPForm.lastComponent("/etc/passwd") == "passwd")
    // Unclosed, unterminated or header-less parts are refused.
    for broken in [
      "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
      "--b\r\n\r\nx\r\n--b--", "no boundary at all", "--b",
      "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--",
      "--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"b\u{1B}ad\"\r\n\r\nx\r\n--b--",
    ] {
      #expect(
        (try? HTTPForm.multipart(Array(broken.utf8), boundary: "b").get()) == nil, "\(broken)")
    }
  }

  @Test("requests written by Python's http.client read back as sent")
  func againstHTTPClient() throws {
    // http.client writes requests to a socket; a local one here, its bytes captured.
    let script = """
      import http.client, socket, sys, threading
      server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(1)
      port = server.getsockname()[1]
      received = []
      def accept():
          conn, _ = server.accept(); conn.settimeout(2)
          data = b''
          try:
              while True:
                  chunk = conn.recv(65536)
                  if not chunk: break
                  data += chunk
          except socket.timeout: pass
          received.append(data); conn.close()
      t = threading.Thread(target=accept); t.start()
      c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
      c.request('POST', '/api/submissions?lang=vi', body='{"a": "Đ"}'.encode(),
                headers={'Content-Type': 'application/json', 'X-Filename': 'x.json'})
      c.close(); t.join()
      sys.stdout.buffer.write(received[0])
      """
    let output = try Python.run(script, [], needs: "http.client")
    guard case .request(let request, let used) = HTTPParser.parse(Array(output)) else {
      Issue.record("http.client's request was not read: \(String(decoding: output, as: UTF8.self))")
      return
    }
    #expect(used == output.count)
    #expect(request.method == .post && request.path == "/api/submissions")
    #expect(request.queryValue("lang") == "vi")
    #expect(request.header("x-filename") == "x.json")
    #expect(String(decoding: request.body, as: UTF8.self) == "{\"a\": \"Đ\"}")
  }
}
