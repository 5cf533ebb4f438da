import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

/// The server's routes (interfaces §10), each with who may use it; every request is checked
/// here, on the server, before its handler runs. Pages are server-rendered HTML that works
/// without JavaScript; the JSON API sits beside them on the same session.
package final class ServeApp: Sendable {
  /// Who may use a route.
  package enum Access: Sendable, Equatable {
    /// Anyone, signed in or not.
    case anyone
    /// A signed-in account of one of these roles.
    case signedIn(Set<Role>)
  }

  package struct Route: Sendable {
    package var method: HTTPRequest.Method
    package var path: String
    package var access: Access
    /// A JSON route answers 401/403 as JSON; a page redirects to the sign-in page.
    package var isAPI: Bool
    /// POSTs that change something carry the CSRF token.
    package var needsCSRF: Bool
    var handle: @Sendable (ServeApp, Context) -> HTTPResponse
  }

  /// What a handler is given.
  package struct Context: Sendable {
    package var request: HTTPRequest
    package var peer: String
    package var account: Account?
    package var session: Sessions.Session?
    package var token: String?
    package var language: Language
  }

  /// The engine's own commands, run in this process (`check`, `template`): every page shows
  /// what the command prints, from the same code.
  package struct Engine: Sendable {
    package var run: @Sendable (_ arguments: [String]) -> (code: Int32, out: [UInt8], err: String)

    package init(run: @escaping @Sendable ([String]) -> (code: Int32, out: [UInt8], err: String)) {
      self.run = run
    }
  }

  package let store: Store
  package let engine: Engine
  /// One `latest/` file written at a time.
  let latestLock = NSLock()
  /// What the engine printed for the store as it is (``cachedRun(_:)``).
  private let printed = Mutex<(day: String, outputs: [String: (code: Int32, out: [UInt8])])>(
    ("", [:]))
  /// The signed-in sessions, kept in the store's `sessions.json` (hashed).
  package let sessions: Sessions
  package let throttle = Throttle()
  /// `Secure` on cookies (behind a TLS reverse proxy).
  package let secureCookies: Bool
  /// The key of the sign-in form's CSRF tokens, new at each start.
  private let formKey: [UInt8]
  /// A hash to check against when the account does not exist, so that a wrong name costs as
  /// long as a wrong password.
  private let decoy: PasswordHash

  package init(store: Store, engine: Engine, secureCookies: Bool) throws(StoreError) {
    self.store = store
    self.engine = engine
    self.secureCookies = secureCookies
    sessions = Sessions(path: store.folder + "/sessions.json")
    guard let key = SystemRandom.bytes(32), let decoy = PasswordHash.make("decoy password")
    else {
      throw StoreError("hệ thống không cho số ngẫu nhiên.", "the system gives no random bytes.")
    }
    formKey = key
    self.decoy = decoy
    rebuildLatest()
  }

  /// Runs an engine command that reads only the store's kept files, remembering what it printed
  /// for these arguments, this `state` of what they read beyond the files they name (the
  /// submissions are named by their SHA-256 and never change; the register's and `latest/`'s
  /// state is said by the caller) and this day (reports are dated): many users reading the same
  /// round, roadmap or plan cost one run. At most ``cachedOutputs`` outputs are kept; a run that
  /// failed (exit 2) is never kept.
  func cachedRun(_ arguments: [String], state: String = "")
    -> (code: Int32, out: [UInt8], err: String)
  {
    let key = (arguments + [state]).joined(separator: "\u{0}")
    let day = Self.today().iso
    if let found = printed.withLock({ cache in cache.day == day ? cache.outputs[key] : nil }) {
      return (found.code, found.out, "")
    }
    let made = engine.run(arguments)
    guard made.code <= 1, !made.out.isEmpty else { return made }
    printed.withLock { cache in
      if cache.day != day || cache.outputs.count >= Self.cachedOutputs {
        cache = (day, [:])
      }
      cache.outputs[key] = (made.code, made.out)
    }
    return made
  }

  /// The state of the register as the engine reads it: its entries (each file never changes).
  var registerState: String { "register:\(store.ledger.register.count)" }

  static let cachedOutputs = 32

  // MARK: Routes

  /// Every route: the table the authorisation tests are generated from.
  package static let routes: [Route] =
    coreRoutes + roundRoutes + registerRoutes + progressRoutes + adminRoutes

  static let coreRoutes: [Route] = [
    Route(method: .get, path: "/healthz", access: .anyone, isAPI: true, needsCSRF: false) { _, _ in
      .text(200, "ok")
    },
    Route(method: .get, path: "/static/ytxa.css", access: .anyone, isAPI: false, needsCSRF: false) {
      _, _ in
      HTTPResponse(
        status: 200,
        headers: [("Content-Type", "text/css; charset=utf-8"), ("Cache-Control", "max-age=3600")],
        body: Array(ServePages.stylesheet.utf8))
    },
    Route(method: .get, path: "/login", access: .anyone, isAPI: false, needsCSRF: false) {
      app, context in app.loginPage(context, status: 200, problem: nil)
    },
    Route(method: .post, path: "/login", access: .anyone, isAPI: false, needsCSRF: false) {
      app, context in app.login(context)
    },
    Route(
      method: .post, path: "/logout", access: .signedIn(Set(Role.allCases)), isAPI: false,
      needsCSRF: true
    ) { app, context in
      if let token = context.token { app.sessions.close(token) }
      var response = HTTPResponse.seeOther("/login")
      response.headers.append(("Set-Cookie", app.cookie("ytxa_session", "", maxAge: 0)))
      return response
    },
    Route(
      method: .get, path: "/", access: .signedIn(Set(Role.allCases)), isAPI: false,
      needsCSRF: false
    ) { app, context in
      .html(
        200,
        ServePages.home(
          context.account!, csrf: context.session!.csrf,
          submissions: app.visible(to: context.account!), context.language))
    },
    Route(
      method: .get, path: "/api/template.xlsx", access: .signedIn([.commune, .province]),
      isAPI: true,
      needsCSRF: false
    ) { app, context in app.template(context) },
    Route(
      method: .post, path: "/api/submissions", access: .signedIn([.commune]), isAPI: true,
      needsCSRF: true
    ) { app, context in app.receive(context, api: true) },
    Route(
      method: .post, path: "/submissions", access: .signedIn([.commune]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.receive(context, api: false) },
    Route(
      method: .get, path: "/api/submissions", access: .signedIn([.commune, .province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      .json(
        200,
        JSONOutput.array(app.visible(to: context.account!).map(\.json)).bytes(pretty: true))
    },
    Route(
      method: .get, path: "/api/submissions/*", access: .signedIn([.commune, .province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in app.submission(context, part: .record) },
    Route(
      method: .get, path: "/api/submissions/*/file",
      access: .signedIn([.commune, .province, .council]), isAPI: true, needsCSRF: false
    ) { app, context in app.submission(context, part: .file) },
    Route(
      method: .get, path: "/submissions/*", access: .signedIn([.commune, .province, .council]),
      isAPI: false, needsCSRF: false
    ) { app, context in app.submission(context, part: .sheet) },
    Route(
      method: .get, path: "/api/session", access: .signedIn(Set(Role.allCases)), isAPI: true,
      needsCSRF: false
    ) { _, context in
      let account = context.account!
      return .json(
        200,
        JSONOutput.object([
          "user": .string(account.name), "role": .string(account.role.rawValue),
          "unit": account.unit.map { .string($0.digits) } ?? .null,
          "province": account.province.map { .string($0.digits) } ?? .null,
          "csrf": .string(context.session!.csrf),
        ]).bytes(pretty: true))
    },
  ]

  // MARK: Handling

  /// Answers one request: the route, then who is asking, then what they may do.
  package func handle(_ request: HTTPRequest, peer: String) -> HTTPResponse {
    let token = cookies(request)["ytxa_session"]
    let session = token.flatMap { sessions.session($0) }
    let account = session.flatMap { live in
      store.accounts.first { $0.name == live.account && !$0.disabled }
    }
    let language: Language =
      account?.language ?? (request.queryValue("lang") == "en" ? .en : .vi)
    let lookup = request.method == .head ? HTTPRequest.Method.get : request.method
    let matching = Self.routes.filter { Self.matches($0.path, request.path) }
    guard !matching.isEmpty else {
      return refusal(
        404, language.pick("Không có trang này.", "No such page."),
        api: request.path.hasPrefix("/api/"), language)
    }
    guard let route = matching.first(where: { $0.method == lookup }) else {
      var response = refusal(
        405, language.pick("Phương thức không được phép.", "Method not allowed."),
        api: matching[0].isAPI, language)
      response.headers.append(("Allow", matching.map(\.method.rawValue).joined(separator: ", ")))
      return response
    }
    if case .signedIn(let roles) = route.access {
      guard let account, let session else {
        return route.isAPI
          ? refusal(401, language.pick("Cần đăng nhập.", "Sign in first."), api: true, language)
          : .seeOther("/login")
      }
      guard roles.contains(account.role) else {
        return refusal(
          403,
          language.pick("Tài khoản này không được làm việc đó.", "This account may not do that."),
          api: route.isAPI, language)
      }
      if route.needsCSRF {
        let sent = request.header("x-csrf-token") ?? formField(request, "csrf")
        guard let sent, ConstantTime.equal(Array(sent.utf8), Array(session.csrf.utf8)) else {
          return refusal(
            403,
            language.pick(
              "Thiếu hoặc sai mã chống giả mạo (CSRF).", "Missing or wrong CSRF token."),
            api: route.isAPI, language)
        }
      }
    }
    return route.handle(
      self,
      Context(
        request: request, peer: peer, account: account, session: session, token: token,
        language: language))
  }

  /// Whether `path` fits `pattern`, where `*` stands for one segment that is a 64-digit
  /// lowercase hexadecimal id, and `@` for one that is a round (`YYYY-MM`).
  static func matches(_ pattern: String, _ path: String) -> Bool {
    let want = pattern.split(separator: "/", omittingEmptySubsequences: false)
    let have = path.split(separator: "/", omittingEmptySubsequences: false)
    guard want.count == have.count else { return false }
    return zip(want, have).allSatisfy { wanted, given in
      switch wanted {
      case "*":
        given.utf8.count == 64
          && given.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
      case "@": Round.isValidName(String(given))
      default: wanted == given
      }
    }
  }

  /// An answer refusing a request: `{"error": sentence}` for the API, a page otherwise.
  func refusal(_ status: Int, _ sentence: String, api: Bool, _ language: Language)
    -> HTTPResponse
  {
    api
      ? .json(status, JSONOutput.object(["error": .string(sentence)]).bytes(pretty: false))
      : .html(status, ServePages.message(sentence, language))
  }

  // MARK: Signing in

  private func loginPage(_ context: Context, status: Int, problem: String?) -> HTTPResponse {
    guard let nonce = SystemRandom.bytes(32) else { return .text(503, "no random bytes") }
    let value = SHA256.hex(digest: nonce)
    var response = HTTPResponse.html(
      status, ServePages.login(csrf: formToken(value), problem: problem, context.language))
    response.headers.append(("Set-Cookie", cookie("ytxa_login", value, path: "/login")))
    return response
  }

  /// The sign-in form's token: tied to its cookie by the server's key.
  private func formToken(_ cookie: String) -> String {
    SHA256.hex(digest: HMAC.sha256(key: formKey, message: Array(cookie.utf8)))
  }

  private func login(_ context: Context) -> HTTPResponse {
    let l = context.language
    let request = context.request
    guard
      request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded")
        == true,
      case .success(let fields) = HTTPForm.urlEncoded(request.body)
    else {
      return loginPage(
        context, status: 400, problem: l.pick("Biểu mẫu không hợp lệ.", "The form is not valid."))
    }
    func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    guard let nonce = cookies(request)["ytxa_login"], let sent = field("csrf"),
      ConstantTime.equal(Array(sent.utf8), Array(formToken(nonce).utf8))
    else {
      return loginPage(
        context, status: 403,
        problem: l.pick(
          "Phiên đăng nhập đã hết hoặc thiếu mã chống giả mạo; hãy thử lại.",
          "The sign-in form expired or lacks its CSRF token; try again."))
    }
    let name = field("username") ?? ""
    let keys = ["account:" + name, "address:" + context.peer]
    let wait = throttle.wait(keys)
    guard wait == 0 else {
      return loginPage(
        context, status: 429,
        problem: l.pick(
          "Đăng nhập sai quá nhiều lần; thử lại sau \((wait + 59) / 60) phút.",
          "Too many failed sign-ins; try again in \((wait + 59) / 60) minutes."))
    }
    let account = store.accounts.first { $0.name == name }
    let password = field("password") ?? ""
    // The same work whether the name exists or not.
    let matches =
      account.map { $0.password.matches(password) }
      ?? {
        _ = decoy.matches(password)
        return false
      }()
    guard let account, matches, !account.disabled, let opened = sessions.open(account.name) else {
      throttle.fail(keys)
      return loginPage(
        context, status: 401,
        problem: l.pick("Sai tên đăng nhập hoặc mật khẩu.", "Wrong name or password."))
    }
    throttle.succeed("account:" + name)
    var response = HTTPResponse.seeOther("/")
    response.headers.append(("Set-Cookie", cookie("ytxa_session", opened.token)))
    response.headers.append(("Set-Cookie", cookie("ytxa_login", "", path: "/login", maxAge: 0)))
    return response
  }

  // MARK: Cookies and forms

  private func cookie(_ name: String, _ value: String, path: String = "/", maxAge: Int? = nil)
    -> String
  {
    "\(name)=\(value); HttpOnly; SameSite=Strict; Path=\(path)"
      + (maxAge.map { "; Max-Age=\($0)" } ?? "") + (secureCookies ? "; Secure" : "")
  }

  private func cookies(_ request: HTTPRequest) -> [String: String] {
    var found: [String: String] = [:]
    for header in request.headers where header.name == "cookie" {
      for pair in header.value.split(separator: ";") {
        let sides = pair.split(separator: "=", maxSplits: 1)
        guard sides.count == 2 else { continue }
        let name = sides[0].trimmedSpaces
        if found[name] == nil { found[name] = sides[1].trimmedSpaces }
      }
    }
    return found
  }

  /// A field of a form body, urlencoded or multipart.
  private func formField(_ request: HTTPRequest, _ name: String) -> String? {
    formFields(request)?.first { $0.name == name }?.value
  }

  /// The text fields of a form body, urlencoded or multipart (a multipart form's files are not
  /// among them), in their order; `nil` when the body is not a form.
  func formFields(_ request: HTTPRequest) -> [(name: String, value: String)]? {
    let type = request.header("content-type") ?? ""
    if let boundary = HTTPForm.boundary(of: type) {
      guard case .success(let parts) = HTTPForm.multipart(request.body, boundary: boundary) else {
        return nil
      }
      return parts.compactMap { part in
        guard part.fileName == nil, let text = part.text else { return nil }
        return (part.name, text)
      }
    }
    guard type.lowercased().hasPrefix("application/x-www-form-urlencoded"),
      case .success(let fields) = HTTPForm.urlEncoded(request.body)
    else { return nil }
    return fields.map { ($0.name, $0.value) }
  }
}
