import Foundation
import YTXAFormats
import YTXAKit

/// The store's register of decisions (interfaces §9, §10) and the roadmap read from it: a
/// province account records signed decisions (a form, or the filled draft rows uploaded), each
/// checked as `ytxa register check` checks it; pages and downloads are what `ytxa register
/// check` and `ytxa roadmap --register` print on the store's register.
extension ServeApp {
  static let registerRoutes: [Route] = [
    Route(
      method: .get, path: "/register", access: .signedIn([.province, .council]), isAPI: false,
      needsCSRF: false
    ) { app, context in app.registerPage(context) },
    Route(
      method: .post, path: "/register", access: .signedIn([.province]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.receiveRegister(context, api: false) },
    Route(
      method: .post, path: "/api/register", access: .signedIn([.province]), isAPI: true,
      needsCSRF: true
    ) { app, context in app.receiveRegister(context, api: true) },
    Route(
      method: .get, path: "/api/register.csv", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      app.download(context, ["register", "check", app.registerArgument(), "--format", "csv"])
    },
    Route(
      method: .get, path: "/api/register.xlsx", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      app.download(context, ["register", "check", app.registerArgument(), "--format", "xlsx"])
    },
    Route(
      method: .get, path: "/api/roadmap", access: .signedIn([.province, .council]), isAPI: true,
      needsCSRF: false
    ) { app, context in
      app.download(context, ["roadmap", "--register", app.registerArgument(), "--format", "json"])
    },
    Route(
      method: .get, path: "/api/roadmap.csv", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      app.download(context, ["roadmap", "--register", app.registerArgument(), "--format", "csv"])
    },
    Route(
      method: .get, path: "/api/roadmap.xlsx", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      app.download(context, ["roadmap", "--register", app.registerArgument(), "--format", "xlsx"])
    },
    Route(
      method: .get, path: "/roadmap", access: .signedIn([.province, .council]), isAPI: false,
      needsCSRF: false
    ) { app, context in
      app.download(context, ["roadmap", "--register", app.registerArgument(), "--format", "html"])
    },
  ]

  /// The store's register as the engine's `--register` is given it: the folder of its entries.
  func registerArgument() -> String { enginePath(store.registerFolder) }

  /// What an engine command prints, as a download (or a page, for HTML), for an account of the
  /// store's province.
  func download(_ context: Context, _ arguments: [String], state: String? = nil) -> HTTPResponse {
    let l = context.language
    guard isOfStore(context.account!) else {
      return refusal(
        403, l.pick("Tài khoản không thuộc tỉnh này.", "The account is not of this province."),
        api: true, l)
    }
    let format = arguments.last ?? "json"
    let made = cachedRun(
      arguments + ["--lang", l == .en ? "en" : "vi"], state: state ?? registerState)
    guard made.code <= 1, !made.out.isEmpty else {
      return refusal(500, Self.sentence(made.err), api: format != "html", l)
    }
    let name = arguments[0] == "roadmap" ? "lo-trinh" : "so-quyet-dinh"
    return Self.answer(made.out, format: format, name: name)
  }

  /// What the engine printed, answered as its format: a page (its `<style>` allowed by hash),
  /// JSON, or a CSV or xlsx download named `name`.
  static func answer(_ bytes: [UInt8], format: String, name: String) -> HTTPResponse {
    switch format {
    case "html":
      var response = HTTPResponse(
        status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: bytes)
      response.headers.append(("Content-Security-Policy", policy(allowingStylesOf: bytes)))
      return response
    case "json":
      return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: bytes)
    default:
      return HTTPResponse(
        status: 200,
        headers: [
          ("Content-Type", format == "csv" ? "text/csv; charset=utf-8" : xlsxType),
          ("Content-Disposition", "attachment; filename=\"\(name).\(format)\""),
        ], body: bytes)
    }
  }

  /// Keeps a file being received in the store's `incoming/` (where it will be checked) while
  /// `body` runs with its path, then removes it; `nil` when it cannot be written.
  func receiving<T>(_ bytes: [UInt8], type: String, _ body: (String) -> T) -> T? {
    let incoming = store.folder + "/incoming"
    mkdir(incoming, 0o700)
    guard let nonce = SystemRandom.bytes(16) else { return nil }
    let path = incoming + "/" + SHA256.hex(digest: nonce) + "." + type
    guard (try? AtomicFile.write(bytes, to: path, mode: 0o600)) != nil else { return nil }
    defer { unlink(path) }
    return body(path)
  }

  // MARK: Recording decisions

  /// What checking an addition found, as `register check --format json` says it: the rows
  /// added, and the errors and warnings (file names as the user gave them).
  struct RegisterAnswer {
    /// One row's problem, as `register check --format json` lists it.
    struct Problem {
      var file: String
      var row: String?
      var cell: String?
      var field: String
      var message: String

      init(file: String, row: String? = nil, cell: String? = nil, field: String, message: String) {
        self.file = file
        self.row = row
        self.cell = cell
        self.field = field
        self.message = message
      }

      init?(_ value: JSONValue) {
        guard case .object(let object) = value else { return nil }
        func text(_ key: String) -> String? {
          switch object[key] {
          case .string(let text)?, .number(let text)?: text
          default: nil
          }
        }
        self.init(
          file: text("file") ?? "", row: text("row"), cell: text("cell"),
          field: text("field") ?? "", message: text("message") ?? "")
      }

      var json: JSONOutput {
        .object([
          "file": .string(file), "row": row.map { .number($0) } ?? .null,
          "cell": cell.map { .string($0) } ?? .null, "field": .string(field),
          "message": .string(message),
        ])
      }
    }

    var added: Int
    var errors: [Problem]
    var warnings: [Problem]

    var json: JSONOutput {
      .object([
        "added": .int(added), "errors": .array(errors.map(\.json)),
        "warnings": .array(warnings.map(\.json)),
      ])
    }
  }

  /// `POST /api/register` (the file as the body: CSV or xlsx) and `POST /register` (a form with
  /// the file, or with one decision's fields): checked with the register it joins; kept whole
  /// when no row has an error, refused whole otherwise.
  func receiveRegister(_ context: Context, api: Bool) -> HTTPResponse {
    let l = context.language
    let request = context.request
    guard isOfStore(context.account!) else {
      return refusal(
        403, l.pick("Tài khoản không thuộc tỉnh này.", "The account is not of this province."),
        api: api, l)
    }
    var bytes = request.body
    var name = request.header("x-filename").map(HTTPForm.lastComponent) ?? "register"
    var type = Self.registerType(of: name, contentType: api ? request.header("content-type") : nil)
    if !api {
      guard let contentType = request.header("content-type"),
        let boundary = HTTPForm.boundary(of: contentType),
        case .success(let parts) = HTTPForm.multipart(request.body, boundary: boundary)
      else {
        return refusal(
          400, l.pick("Biểu mẫu không hợp lệ.", "The form is not valid."), api: false, l)
      }
      if let file = parts.first(where: { $0.name == "file" && $0.fileName?.isEmpty == false }),
        !file.body.isEmpty
      {
        bytes = file.body
        name = file.fileName ?? "register"
        type = Self.registerType(of: name, contentType: nil)
      } else {
        // One decision typed on the page: its fields as one register row.
        var fields: [String: String] = [:]
        for part in parts where part.fileName == nil { fields[part.name] = part.text ?? "" }
        var table = Table(header: Register.keys)
        table.rows = [Register.keys.map { .text(fields[$0]?.trimmedSpaces ?? "") }]
        bytes = Array(table.csv(headers: .keys).utf8)
        name = l.pick("biểu mẫu", "form")
        type = "csv"
      }
    }
    guard let type else {
      return refusal(
        415, l.pick("Chỉ nhận tệp .csv hoặc .xlsx.", "Only .csv or .xlsx files are accepted."),
        api: api, l)
    }
    guard !bytes.isEmpty else {
      return refusal(400, l.pick("Tệp trống.", "The file is empty."), api: api, l)
    }
    // Checked and kept as the one writer, so that two uploads at once are each checked with
    // the other's rows.
    var refused: RegisterRefusal?
    var answer = RegisterAnswer(added: 0, errors: [], warnings: [])
    do {
      _ = try store.addRegister(
        bytes, type: type, name: name, actor: context.account!.name, at: AuditLog.timestamp()
      ) { () -> Int? in
        switch check(bytes, type: type, name: name, l) {
        case .failure(let refusal):
          refused = refusal
          return nil
        case .success(let found):
          answer = found
          return found.added
        }
      }
    } catch {
      return refusal(500, l(error.message), api: api, l)
    }
    if let refused {
      guard !api, let problems = refused.answer else {
        // A page is told in a sentence what the API says in JSON.
        return api
          ? refused.response : refusal(refused.response.status, refused.sentence, api: false, l)
      }
      return .html(422, registerResult(problems, name: name, kept: false, l))
    }
    return api
      ? .json(201, answer.json.bytes(pretty: true))
      : .html(200, registerResult(answer, name: name, kept: true, l))
  }

  /// `ytxa register check` on the store's register and the file: the rows it adds, or the
  /// answer refusing it (422 with every error against its row).
  private func check(_ bytes: [UInt8], type: String, name: String, _ l: Language) -> Result<
    RegisterAnswer, RegisterRefusal
  > {
    var shown = ""
    let checked = receiving(bytes, type: type) { path in
      shown = enginePath(path)
      return engine.run(
        ["register", "check", registerArgument(), shown, "--format", "json", "--lang"]
          + [l == .en ? "en" : "vi"])
    }
    guard let check = checked else {
      return .failure(
        RegisterRefusal(
          refusal(
            500, l.pick("Không ghi được tệp.", "The file could not be written."), api: true, l)))
    }
    guard case .object(let result)? = try? JSONParser.parse(check.out),
      case .array(let errors)? = result["errors"], case .array(let warnings)? = result["warnings"],
      let rows = result["rows"].map(Self.scalar).flatMap(Int.init)
    else {
      return .failure(RegisterRefusal(refusal(422, Self.sentence(check.err), api: true, l)))
    }
    // The new file's problems name it as the user did.
    func renamed(_ problems: [JSONValue]) -> [RegisterAnswer.Problem] {
      problems.compactMap(RegisterAnswer.Problem.init).map { problem in
        var problem = problem
        if problem.file.hasPrefix(shown) {
          problem.file = name + problem.file.dropFirst(shown.count)
        }
        return problem
      }
    }
    let before = store.ledger.register.reduce(0) { $0 + $1.rows }
    var answer = RegisterAnswer(added: 0, errors: renamed(errors), warnings: renamed(warnings))
    let notListed = result["errorsNotListed"].map(Self.scalar).flatMap(Int.init) ?? 0
    guard answer.errors.isEmpty, notListed == 0, rows > before else {
      if answer.errors.isEmpty && notListed == 0 {
        answer.errors = [
          .init(
            file: name, field: "(file)",
            message: l.pick("không có dòng quyết định nào", "no decision row"))
        ]
      }
      return .failure(
        RegisterRefusal(.json(422, answer.json.bytes(pretty: true)), answer: answer))
    }
    answer.added = rows - before
    return .success(answer)
  }

  /// Why a register file was not kept: the API's answer, and the problems for the page.
  struct RegisterRefusal: Error {
    var response: HTTPResponse
    var answer: RegisterAnswer?

    init(_ response: HTTPResponse, answer: RegisterAnswer? = nil) {
      self.response = response
      self.answer = answer
    }

    /// The API's `{"error": sentence}`, as a sentence.
    var sentence: String {
      guard case .object(let object)? = try? JSONParser.parse(response.body),
        case .string(let text)? = object["error"]
      else { return "" }
      return text
    }
  }

  static func registerType(of name: String, contentType: String?) -> String? {
    let lowered = name.lowercased()
    if lowered.hasSuffix(".csv") { return "csv" }
    if lowered.hasSuffix(".xlsx") { return "xlsx" }
    switch contentType?.split(separator: ";").first.map({ $0.trimmedSpaces.lowercased() }) {
    case "text/csv": return "csv"
    case xlsxType: return "xlsx"
    default: return nil
    }
  }

  // MARK: Pages

  private func registerResult(
    _ answer: RegisterAnswer, name: String, kept: Bool, _ l: Language
  ) -> String {
    let e = HTML.escape
    var body =
      "<p class=\"meta\"><a href=\"/register\">" + e(l.pick("Sổ quyết định", "Register"))
      + "</a></p><h1>" + e(name) + "</h1>"
    body +=
      kept
      ? "<p class=\"note\">"
        + e(
          l.pick(
            "Đã ghi \(answer.added) dòng vào sổ.", "\(answer.added) rows added to the register."))
        + "</p>"
      : "<p class=\"problem\" role=\"alert\">"
        + e(
          l.pick(
            "Không ghi dòng nào: sửa các lỗi dưới đây rồi gửi lại cả tệp.",
            "Nothing was added: correct the errors below and send the whole file again."))
        + "</p>"
    for (title, problems) in [
      (l.pick("Lỗi", "Errors"), answer.errors), (l.pick("Cảnh báo", "Warnings"), answer.warnings),
    ] where !problems.isEmpty {
      body +=
        "<h2>" + e(title) + "</h2><div class=\"wrap\"><table><thead><tr><th>"
        + e(l.pick("Tệp, dòng, ô", "File, row, cell")) + "</th><th>" + e(l.pick("Cột", "Field"))
        + "</th><th>" + e(l.pick("Vấn đề", "Problem")) + "</th></tr></thead><tbody>"
      for problem in problems {
        let place = [
          problem.file, problem.row.map { l.pick("dòng ", "row ") + $0 } ?? "", problem.cell ?? "",
        ].filter { !$0.isEmpty }.joined(separator: ", ")
        body +=
          "<tr><td>" + e(place) + "</td><td>" + e(problem.field) + "</td><td>" + e(problem.message)
          + "</td></tr>"
      }
      body += "</tbody></table></div>"
    }
    return ServePages.page(l.pick("Sổ quyết định", "Register"), body, l)
  }

  func registerPage(_ context: Context) -> HTTPResponse {
    let e = HTML.escape
    let l = context.language
    guard isOfStore(context.account!) else {
      return refusal(404, l.pick("Không có sổ này.", "No such register."), api: false, l)
    }
    var body =
      "<p class=\"meta\"><a href=\"/\">" + e(l.pick("Trang chính", "Home")) + "</a> · "
      + "<a href=\"/roadmap\">" + e(l.pick("Lộ trình", "Roadmap")) + "</a> ("
      + "<a href=\"/api/roadmap.xlsx\">.xlsx</a>, <a href=\"/api/roadmap.csv\">CSV</a>)</p><h1>"
      + e(l.pick("Sổ quyết định công nhận", "The register of decisions")) + "</h1>"
      + "<p><a href=\"/api/register.xlsx\">" + e(l.pick("Tải sổ (.xlsx)", "Download (.xlsx)"))
      + "</a> · <a href=\"/api/register.csv\">CSV</a></p>"
    let entries = store.ledger.register
    if entries.isEmpty {
      body += "<p>" + e(l.pick("Sổ chưa có quyết định nào.", "No decision recorded yet.")) + "</p>"
    } else {
      body +=
        "<div class=\"wrap\"><table><thead><tr><th>" + e(l.pick("Ghi lúc", "Recorded"))
        + "</th><th>" + e(l.pick("Nguồn", "From")) + "</th><th>" + e(l.pick("Số dòng", "Rows"))
        + "</th><th>" + e(l.pick("Người ghi", "By")) + "</th></tr></thead><tbody>"
      for entry in entries.reversed() {
        body +=
          "<tr><td>" + e(entry.at) + "</td><td>" + e(entry.name) + "</td><td>"
          + String(entry.rows) + "</td><td>" + e(entry.account) + "</td></tr>"
      }
      body += "</tbody></table></div>"
    }
    guard context.account!.role == .province else {
      return .html(200, ServePages.page(l.pick("Sổ quyết định", "Register"), body, l))
    }
    body +=
      "<p class=\"meta\">"
      + e(
        l.pick(
          "Một quyết định chỉ được sửa bằng một dòng ghi sau (công nhận lại, thu hồi), không sửa "
            + "dòng đã ghi.",
          "A decision is corrected only by a later row (a re-recognition, a withdrawal), never "
            + "edited.")) + "</p>"
      + "<h2>" + e(l.pick("Gửi dự thảo đã điền", "Upload the filled draft rows")) + "</h2>"
      + "<form method=\"post\" action=\"/register\" enctype=\"multipart/form-data\">"
      + csrfField(context) + "<label>" + e(l.pick("Tệp (.xlsx, .csv)", "File (.xlsx, .csv)"))
      + "<input type=\"file\" name=\"file\" accept=\".xlsx,.csv\" required></label>"
      + "<button type=\"submit\">" + e(l.pick("Kiểm tra và ghi", "Check and record"))
      + "</button></form><h2>" + e(l.pick("Ghi một quyết định", "Record one decision")) + "</h2>"
      + "<form method=\"post\" action=\"/register\" enctype=\"multipart/form-data\">"
      + csrfField(context)
    let labels: [(String, String, String)] = [
      ("decision", l.pick("Số quyết định", "Decision number"), "required"),
      ("signedOn", l.pick("Ngày ký (ngày/tháng/năm)", "Signed on (day/month/year)"), "required"),
      (
        "commune_code", l.pick("Mã xã (5 chữ số)", "Commune code (5 digits)"),
        "required pattern=\"[0-9]{5}\" inputmode=\"numeric\""
      ),
      ("commune_name", l.pick("Tên xã", "Commune name"), "required"),
      (
        "validTo", l.pick("Hết hiệu lực (nếu quyết định ghi)", "Last day (if stated)"), ""
      ),
      ("note", l.pick("Ghi chú", "Note"), ""),
    ]
    for (key, label, extra) in labels.prefix(2) {
      body += "<label>" + e(label) + "<input name=\"\(key)\" \(extra)></label>"
    }
    body += "<label>" + e(l.pick("Loại", "Kind")) + "<select name=\"kind\">"
    for kind in RegisterDecision.Kind.allCases {
      body += "<option value=\"\(kind.rawValue)\">" + e(kind.word(in: l)) + "</option>"
    }
    body += "</select></label>"
    for (key, label, extra) in labels.dropFirst(2) {
      body += "<label>" + e(label) + "<input name=\"\(key)\" \(extra)></label>"
    }
    body +=
      "<button type=\"submit\">" + e(l.pick("Kiểm tra và ghi", "Check and record"))
      + "</button></form>"
    return .html(200, ServePages.page(l.pick("Sổ quyết định", "Register"), body, l))
  }
}
