import Foundation
import Testing

@testable import YTXACLI
@testable import YTXAFormats
@testable import YTXAServe

/// `ytxa serve` on a loopback socket: signing in and out, CSRF, the security headers on every
/// answer, authorisation of every route for every role (generated from the route list), failed
/// sign-ins slowed, sessions' expiry, and hostile clients on the wire (malformed requests, a slow
/// sender).
@Suite("serve: HTTP, sessions and authorisation on a real socket")
struct ServeHTTPTests {
  /// A running server on a store with one account per role; its port.
  final class Running: @unchecked Sendable {
    let folder: TemporaryFolder
    let store: Store
    let app: ServeApp
    let port: UInt16

    init(requestTimeout: Double = 30) throws {
      _ = ServeStoreTests.rounds
      let (folder, path) = try ServeStoreTests.store()
      for (name, role, extra) in [
        ("xa07336", "commune", ["--unit", "07336"]), ("so", "province", []),
        ("hd", "council", []), ("xa07360", "commune", ["--unit", "07360"]),
        ("xa07339", "commune", ["--unit", "07339"]), ("xa07210", "commune", ["--unit", "07210"]),
        ("so01", "province", ["--province", "01"]),
      ] {
        let made = CLIRunner.run(
          ["serve", "user", "add", "--data", path, "--name", name, "--role", role] + extra,
          secrets: ["password of \(name)"])
        try #require(made.code == 0, "\(made.err)")
      }
      self.folder = folder
      store = try Store.open(path, writing: true)
      app = try ServeApp(store: store, engine: ServeCommand.engine, secureCookies: false)
      var settings = HTTPServer.Settings()
      settings.port = 0
      settings.requestTimeout = requestTimeout
      let app = self.app
      let server = try HTTPServer(settings: settings) { app.handle($0, peer: $1) }
      port = server.port
      Thread { server.run() }.start()
    }
  }

  /// A response as read off the socket.
  struct Reply {
    var status: Int
    var headers: [(String, String)]
    var body: String
    func header(_ name: String) -> [String] {
      headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }
  }

  /// Sends `bytes` on a new connection and reads until the server closes it (requests are sent
  /// with `Connection: close` unless testing otherwise).
  static func exchange(_ port: UInt16, _ bytes: [UInt8], pause: Double = 0) -> [UInt8] {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { return [] }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    _ = bytes.withUnsafeBytes {
      send(descriptor, $0.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL))
    }
    if pause > 0 { usleep(UInt32(pause * 1_000_000)) }
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, $0.count, 0) }
      guard count > 0 else { break }
      received += chunk[0..<count]
    }
    return received
  }

  static func parse(_ bytes: [UInt8]) -> Reply? {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { return nil }
    let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
    let parts = head[0].split(separator: " ")
    guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
    let headers = head.dropFirst().compactMap { line -> (String, String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (
        String(line[..<colon]),
        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      )
    }
    return Reply(status: status, headers: headers, body: String(text[split.upperBound...]))
  }

  static func request(
    _ port: UInt16, _ method: String, _ path: String, cookie: String? = nil,
    headers: [String] = [], body: String = ""
  ) -> Reply? {
    var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if let cookie { text += "Cookie: \(cookie)\r\n" }
    for header in headers { text += header + "\r\n" }
    if method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
    text += "\r\n" + body
    return parse(exchange(port, Array(text.utf8)))
  }

  /// Signs in through the form: the session cookie and the session's CSRF token.
  static func signIn(_ port: UInt16, _ name: String, _ password: String) -> (
    cookie: String, csrf: String
  )? {
    guard let page = request(port, "GET", "/login"),
      let nonce = page.header("set-cookie").first?.split(separator: ";").first,
      let csrf = page.body.range(
        of: #"name="csrf" value="([0-9a-f]{64})""#, options: .regularExpression
      )
      .map({ String(page.body[$0].dropFirst(19).dropLast()) })
    else { return nil }
    let form =
      "username=\(name)&password=\(password.replacingOccurrences(of: " ", with: "+"))&csrf=\(csrf)"
    guard
      let reply = request(
        port, "POST", "/login", cookie: String(nonce),
        headers: ["Content-Type: application/x-www-form-urlencoded"], body: form),
      reply.status == 303,
      let session = reply.header("set-cookie").first(where: { $0.hasPrefix("ytxa_session=") })
    else { return nil }
    let cookie = String(session.split(separator: ";")[0])
    guard let info = request(port, "GET", "/api/session", cookie: cookie),
      let object = try? JSONSerialization.jsonObject(with: Data(info.body.utf8)) as? [String: Any],
      let token = object["csrf"] as? String
    else { return nil }
    return (cookie, token)
  }

  @Test("sign in, the session's API, sign out; cookies and security headers as §10 says")
  func signInAndOut() throws {
    let server = try Running()
    let health = try #require(Self.request(server.port, "GET", "/healthz"))
    #expect(health.status == 200 && health.body == "ok")
    let csp = try #require(health.header("content-security-policy").first)
    #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"))
    #expect(!csp.contains("unsafe-inline"))
    #expect(health.header("x-content-type-options") == ["nosniff"])
    #expect(health.header("referrer-policy") == ["same-origin"])
    // Not signed in: a page sends to the sign-in page, the API answers 401 in JSON.
    #expect(Self.request(server.port, "GET", "/")?.header("location") == ["/login"])
    let anonymous = try #require(Self.request(server.port, "GET", "/api/session"))
    #expect(anonymous.status == 401 && anonymous.body.contains("\"error\""))
    let session = try #require(Self.signIn(server.port, "xa07336", "password of xa07336"))
    let info = try #require(
      Self.request(server.port, "GET", "/api/session", cookie: session.cookie))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(info.body.utf8)) as? [String: Any])
    #expect(object["user"] as? String == "xa07336" && object["role"] as? String == "commune")
    #expect(object["unit"] as? String == "07336")
    // The session cookie: HttpOnly, SameSite=Strict, Path=/ (Secure only behind HTTPS).
    let page = try #require(Self.request(server.port, "GET", "/login"))
    #expect(page.header("set-cookie").first?.contains("HttpOnly; SameSite=Strict") == true)
    // Sign out needs the CSRF token; with it, the session ends.
    let forged = try #require(Self.request(server.port, "POST", "/logout", cookie: session.cookie))
    #expect(forged.status == 403)
    let out = try #require(
      Self.request(
        server.port, "POST", "/logout", cookie: session.cookie,
        headers: ["X-CSRF-Token: \(session.csrf)"]))
    #expect(out.status == 303)
    #expect(Self.request(server.port, "GET", "/api/session", cookie: session.cookie)?.status == 401)
    // A cookie never issued is no session.
    #expect(
      Self.request(
        server.port, "GET", "/api/session",
        cookie: "ytxa_session=" + String(repeating: "0", count: 64))?.status == 401)
  }

  @Test("every route for every role: 401 or 303 signed out, 403 outside its roles, CSRF on POST")
  func authorisationTable() throws {
    let server = try Running()
    var sessions: [Role: (cookie: String, csrf: String)] = [:]
    for (role, name) in [
      (Role.commune, "xa07336"), (.province, "so"), (.council, "hd"), (.admin, "admin"),
    ] {
      sessions[role] = try #require(
        Self.signIn(
          server.port, name, name == "admin" ? ServeStoreTests.password : "password of \(name)"))
    }
    for route in ServeApp.routes where route.path != "/login" && route.path != "/logout" {
      let method = route.method.rawValue
      // A pattern's id and round: ones that exist nowhere (allowed roles get 404, never 401 or
      // 403).
      let path = route.path.replacingOccurrences(of: "*", with: String(repeating: "ab", count: 32))
        .replacingOccurrences(of: "@", with: "2099-01")
      switch route.access {
      case .anyone:
        #expect(
          Self.request(server.port, method, route.path)?.status == 200, "\(method) \(route.path)")
      case .signedIn(let roles):
        let anonymous = try #require(Self.request(server.port, method, path))
        #expect(anonymous.status == (route.isAPI ? 401 : 303), "\(method) \(route.path) signed out")
        for role in Role.allCases {
          let session = try #require(sessions[role])
          let headers = route.needsCSRF ? ["X-CSRF-Token: \(session.csrf)"] : []
          let reply = try #require(
            Self.request(server.port, method, path, cookie: session.cookie, headers: headers))
          if roles.contains(role) {
            #expect(![401, 403].contains(reply.status), "\(method) \(route.path) as \(role)")
          } else {
            #expect(reply.status == 403, "\(method) \(route.path) as \(role)")
          }
          if route.needsCSRF && roles.contains(role) {
            let forged = Self.request(server.port, method, path, cookie: session.cookie)
            #expect(forged?.status == 403, "\(method) \(route.path) without CSRF")
          }
        }
      }
    }
    // Unknown paths and methods.
    #expect(Self.request(server.port, "GET", "/nowhere")?.status == 404)
    #expect(Self.request(server.port, "POST", "/healthz")?.status == 405)
  }

  @Test("failed sign-ins: the same answer for a wrong name or password, then slowed")
  func failedSignIns() throws {
    let server = try Running()
    func attempt(_ name: String, _ password: String) -> Reply? {
      guard let page = Self.request(server.port, "GET", "/login"),
        let nonce = page.header("set-cookie").first?.split(separator: ";").first,
        let range = page.body.range(of: #"[0-9a-f]{64}"#, options: .regularExpression)
      else { return nil }
      return Self.request(
        server.port, "POST", "/login", cookie: String(nonce),
        headers: ["Content-Type: application/x-www-form-urlencoded"],
        body: "username=\(name)&password=\(password)&csrf=\(page.body[range])")
    }
    let unknown = try #require(attempt("nobody", "whatever12345"))
    let wrong = try #require(attempt("so", "whatever12345"))
    #expect(unknown.status == 401 && wrong.status == 401)
    #expect(
      unknown.body.contains("Sai tên đăng nhập hoặc mật khẩu")
        && wrong.body.contains("Sai tên đăng nhập hoặc mật khẩu"))
    for _ in 0..<4 { _ = attempt("so", "whatever12345") }
    // Five failures for the account (and this address): the right password waits too.
    let slowed = try #require(attempt("so", "password+of+so"))
    #expect(slowed.status == 429, "\(slowed.status)")
    // A form without its token is refused.
    let bare = Self.request(
      server.port, "POST", "/login", headers: ["Content-Type: application/x-www-form-urlencoded"],
      body: "username=so&password=x")
    #expect(bare?.status == 403)
  }

  @Test("sessions end after their idle time and their absolute time")
  func expiry() throws {
    let sessions = Sessions(idle: 60, absolute: 300)
    let start = Date(timeIntervalSince1970: 1_000_000)
    let opened = try #require(sessions.open("a", now: start))
    #expect(sessions.session(opened.token, now: start.addingTimeInterval(59)) != nil)
    #expect(sessions.session(opened.token, now: start.addingTimeInterval(118)) != nil)
    #expect(sessions.session(opened.token, now: start.addingTimeInterval(179)) == nil, "idle")
    let second = try #require(sessions.open("a", now: start))
    for minute in 1...4 {
      #expect(
        sessions.session(second.token, now: start.addingTimeInterval(Double(minute) * 59)) != nil)
    }
    #expect(sessions.session(second.token, now: start.addingTimeInterval(301)) == nil, "absolute")
    // Tokens are 256 bits, and the table holds only their hashes.
    #expect(second.token.count == 64 && second.csrf.count == 64)
    let third = try #require(sessions.open("b"))
    sessions.closeAll(of: "b")
    #expect(sessions.session(third.token) == nil)
  }

  @Test(
    "sessions kept in the store: a restart keeps them, hashed; sign-out and serve user end them")
  func keptSessions() throws {
    let folder = try TemporaryFolder()
    let path = folder.path + "/sessions.json"
    let now = Date()
    let first = Sessions(path: path, now: now)
    let a = try #require(first.open("a", now: now))
    let b = try #require(first.open("b", now: now))
    let gone = try #require(first.open("c", now: now))
    first.close(gone.token)
    // The server started again: the same sessions, the same CSRF tokens.
    let again = Sessions(path: path, now: now)
    #expect(again.session(a.token, now: now)?.csrf == a.csrf)
    #expect(again.session(b.token, now: now)?.account == "b")
    #expect(again.session(gone.token, now: now) == nil)
    // Neither a token nor a CSRF token is in the file.
    let text = try String(contentsOfFile: path, encoding: .utf8)
    for secret in [a.token, a.csrf, b.token, b.csrf] { #expect(!text.contains(secret)) }
    #expect(text.contains(Sessions.key(a.token)))
    // `serve user disable|password` forgets an account's sessions; expired ones are not loaded.
    Sessions.forget("a", in: folder.path)
    let third = Sessions(path: path, now: now)
    #expect(third.session(a.token, now: now) == nil && third.session(b.token, now: now) != nil)
    let later = Sessions(path: path, now: now.addingTimeInterval(13 * 3600))
    #expect(later.session(b.token, now: now.addingTimeInterval(13 * 3600)) == nil)
  }

  @Test(
    "on the wire: malformed requests get their 4xx and the connection closes; a slow sender 408")
  func hostileClients() throws {
    let server = try Running(requestTimeout: 1)
    for (label, text, status) in HTTPParserTests.hostile {
      let reply = Self.parse(Self.exchange(server.port, Array(text.utf8)))
      #expect(reply?.status == status, "\(label)")
      #expect(reply?.header("connection") == ["close"], "\(label)")
    }
    // Half a request, then nothing: cut off with 408 after the request time.
    let slow = Self.parse(Self.exchange(server.port, Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8)))
    #expect(slow?.status == 408)
    // Two requests on one connection (keep-alive), answered in order.
    let two = String(
      decoding: Self.exchange(
        server.port,
        Array(
          "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            .utf8)),
      as: UTF8.self)
    #expect(two.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
    // A body larger than allowed is refused before it is read.
    let huge = Self.parse(
      Self.exchange(
        server.port,
        Array("POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999\r\n\r\n".utf8)))
    #expect(huge?.status == 413)
  }

  @Test("a commune uploads, sees its pre-check sheet (the check command's bytes); others cannot")
  func uploads() throws {
    let server = try Running()
    let commune = try #require(Self.signIn(server.port, "xa07336", "password of xa07336"))
    let other = try #require(Self.signIn(server.port, "xa07360", "password of xa07360"))
    let province = try #require(Self.signIn(server.port, "so", "password of so"))
    let sample = TestSets.root.path + "/Samples/bac-giang/2025/07336.json"
    let bytes = try String(contentsOfFile: sample, encoding: .utf8)
    func upload(_ session: (cookie: String, csrf: String), _ body: String, name: String) -> Reply? {
      Self.request(
        server.port, "POST", "/api/submissions", cookie: session.cookie,
        headers: [
          "X-CSRF-Token: \(session.csrf)", "Content-Type: application/json", "X-Filename: \(name)",
        ], body: body)
    }
    let created = try #require(upload(commune, bytes, name: "C:\\x\\07336.json"))
    #expect(created.status == 201, "\(created.body)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
    let id = try #require(object["id"] as? String)
    #expect(id == SHA256.hex(Array(bytes.utf8)))
    #expect(object["name"] as? String == "07336.json")
    #expect((object["check"] as? [String: Any])?["passed"] as? Bool == true)
    // The same bytes again: the same submission.
    #expect(
      (try? JSONSerialization.jsonObject(
        with: Data((upload(commune, bytes, name: "a.json")?.body ?? "").utf8)) as? [String: Any])?[
          "id"] as? String == id)
    // Evidence of another commune is refused for this account.
    let foreign = try String(
      contentsOfFile: TestSets.root.path + "/Samples/bac-giang/2025/07360.json", encoding: .utf8)
    #expect(upload(commune, foreign, name: "07360.json")?.status == 403)
    // A file that is not evidence: 422 with the engine's sentence.
    let broken = try #require(upload(commune, "{", name: "b.json"))
    #expect(broken.status == 422 && broken.body.contains("b.json"), "\(broken.body)")
    // Its file, byte for byte; its sheet, the bytes `ytxa check --format html` prints.
    let file = try #require(
      Self.request(server.port, "GET", "/api/submissions/\(id)/file", cookie: commune.cookie))
    #expect(file.status == 200 && file.body == bytes)
    let sheet = try #require(
      Self.request(server.port, "GET", "/submissions/\(id)", cookie: commune.cookie))
    let stored = server.store.path(of: try #require(server.store.submissions.first))
    let direct = CLIRunner.runBinary(["check", stored, "--format", "html"])
    #expect(sheet.status == 200 && Array(sheet.body.utf8) == direct.out)
    let policy = try #require(sheet.header("content-security-policy").last)
    #expect(policy.contains("style-src 'sha256-") && !policy.contains("unsafe"))
    // Another commune sees nothing of it, whatever address it types.
    for path in ["/api/submissions/\(id)", "/api/submissions/\(id)/file", "/submissions/\(id)"] {
      #expect(
        Self.request(server.port, "GET", path, cookie: other.cookie)?.status == 404, "\(path)")
    }
    let list = try #require(
      Self.request(server.port, "GET", "/api/submissions", cookie: other.cookie))
    #expect(list.body.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    // The province sees its commune's submission.
    let listed = try #require(
      Self.request(server.port, "GET", "/api/submissions", cookie: province.cookie))
    #expect(listed.body.contains(id))
    // The form upload (multipart) answers with the sheet's address.
    let boundary = "----b0undary"
    let form =
      "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(commune.csrf)\r\n"
      + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"07336.json\"\r\n"
      + "Content-Type: application/json\r\n\r\n\(bytes)\r\n--\(boundary)--\r\n"
    let posted = try #require(
      Self.request(
        server.port, "POST", "/submissions", cookie: commune.cookie,
        headers: ["Content-Type: multipart/form-data; boundary=\(boundary)"], body: form))
    #expect(posted.status == 303 && posted.header("location") == ["/submissions/\(id)"])
    // The template of a unit on today's map: what `ytxa template --format xlsx` prints.
    let current = try #require(Self.signIn(server.port, "xa07339", "password of xa07339"))
    let template = try #require(
      Self.request(server.port, "GET", "/api/template.xlsx", cookie: current.cookie))
    #expect(template.status == 200)
    #expect(template.header("content-type").first?.contains("spreadsheetml") == true)
    // A unit merged away has no template today: the engine's sentence says what it became.
    let merged = try #require(
      Self.request(server.port, "GET", "/api/template.xlsx", cookie: commune.cookie))
    #expect(merged.status == 422 && merged.body.contains("07339"), "\(merged.body)")
    // The store is sound and counts it once.
    let check = CLIRunner.run(["serve", "check", "--data", server.store.folder, "--lang", "en"])
    #expect(check.code == 0, "\(check.out)")
    #expect(server.store.submissions.count == 1)
  }

  /// `ytxa serve` on the store at `path`, as a process of its own (to be killed): the process
  /// and the port it listens on.
  static func startServer(_ path: String) throws -> (Process, UInt16) {
    let process = Process()
    process.executableURL = CLIRunner.executable
    process.arguments = ["serve", "--data", path, "--listen", "127.0.0.1:0"]
    process.environment = ProcessInfo.processInfo.environment.merging(
      ["YTXA_DEBUG_PBKDF2_ROUNDS": String(ServeStoreTests.rounds)]
    ) { _, new in new }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
    let port = try #require(UInt16(line.split(separator: ":").last?.filter(\.isNumber) ?? ""))
    return (process, port)
  }

  @Test("the server killed during uploads, again and again: serve check passes, nothing half-kept")
  func killedDuringUploads() throws {
    let (_folder, path) = try ServeStoreTests.store()
    _ = _folder
    #expect(
      CLIRunner.run(
        [
          "serve", "user", "add", "--data", path, "--name", "xa07336", "--role", "commune",
          "--unit", "07336",
        ], secrets: ["password of xa07336"]
      ).code == 0)
    let samples = TestSets.root.path + "/Samples/bac-giang"
    var generator = SystemRandomNumberGenerator()
    for round in 0..<8 {
      let (process, port) = try Self.startServer(path)
      let session = try #require(Self.signIn(port, "xa07336", "password of xa07336"))
      // Uploads in flight (the 2025 sample of 07336, then others refused or kept), killed at
      // a random moment.
      let sender = Thread {
        for _ in 0..<20 {
          let body =
            (try? String(contentsOfFile: samples + "/2025/07336.json", encoding: .utf8)) ?? ""
          let mutated = body.replacingOccurrences(
            of: "\"2025-06-12\"", with: "\"2025-06-1\(Int.random(in: 0...9))\"")
          _ = Self.request(
            port, "POST", "/api/submissions", cookie: session.cookie,
            headers: [
              "X-CSRF-Token: \(session.csrf)", "Content-Type: application/json",
              "X-Filename: e.json",
            ], body: mutated)
        }
      }
      sender.start()
      usleep(UInt32.random(in: 50_000...1_500_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let check = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
      #expect(check.code == 0, "round \(round): \(check.out)")
    }
    // Every submission kept is whole, and its line is in the chain.
    let store = try Store.open(path, writing: true)
    #expect(!store.submissions.isEmpty, "no upload got through before the kills")
    for submission in store.submissions {
      let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path(of: submission)))
      #expect(SHA256.hex(Array(bytes)) == submission.id)
    }
    let final = CLIRunner.run(["serve", "check", "--data", path, "--lang", "en"])
    #expect(final.code == 0 && !final.out.contains("Problem"), "\(final.out)")
  }
}
