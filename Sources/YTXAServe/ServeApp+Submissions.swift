import Foundation
import YTXAFormats
import YTXAKit

extension ServeApp {
  enum Part { case record, file, sheet }

  /// The submissions an account may see: a commune's own unit's; a province's or a council's,
  /// those of its province. Authorisation is on the unit, whatever the address asks for.
  func visible(to account: Account) -> [Submission] {
    store.submissions.filter { submission in
      switch account.role {
      case .commune: submission.unit == account.unit?.digits
      case .province, .council: submission.province == account.province?.digits
      case .admin: false
      }
    }
  }

  /// `GET /api/template.xlsx`: `ytxa template --format xlsx --commune CODE` for the account's
  /// unit on today's map; a province account names a commune of its province (`?commune=`) or
  /// its whole province (`?province=`, one row per unit).
  func template(_ context: Context) -> HTTPResponse {
    let l = context.language
    let account = context.account!
    var scope: [String]
    var name: String
    if let unit = account.unit {
      scope = ["--commune", unit.digits]
      name = unit.digits
    } else if let text = context.request.queryValue("commune") {
      guard isOfStore(account), case .success(let code) = CommuneCode.parse(text),
        Self.registry?.units(withCode: code).contains(where: {
          $0.province.code == store.province
        }) == true
      else {
        return refusal(
          403,
          l.pick(
            "Mã xã này không thuộc tỉnh của tài khoản.",
            "This commune code is not of the account's province."), api: true, l)
      }
      scope = ["--commune", code.digits]
      name = code.digits
    } else if let text = context.request.queryValue("province") {
      guard isOfStore(account), text == store.province.digits else {
        return refusal(
          403,
          l.pick("Tài khoản không thuộc tỉnh này.", "The account is not of this province."),
          api: true, l)
      }
      scope = ["--province", text]
      name = "tinh-" + text
    } else {
      return refusal(
        400,
        l.pick(
          "Cần ?commune=MÃ hoặc ?province=MÃ.", "?commune=CODE or ?province=CODE is needed."),
        api: true, l)
    }
    let made = engine.run(
      ["template", "--format", "xlsx"] + scope + ["--lang", l == .en ? "en" : "vi"])
    guard made.code == 0 else {
      // The engine's sentence: a unit not on today's map says what it became.
      return refusal(422, Self.sentence(made.err), api: true, l)
    }
    return HTTPResponse(
      status: 200,
      headers: [
        ("Content-Type", Self.xlsxType),
        ("Content-Disposition", "attachment; filename=\"ytxa-\(name).xlsx\""),
      ], body: made.out)
  }

  /// The bundled unit registry, read once (a province account's `?commune=` is checked on it).
  static let registry: UnitRegistry? = try? BundledFiles().unitRegistry()

  /// `POST /api/submissions` (the file as the body, its name in `X-Filename`) and `POST
  /// /submissions` (a form with the file): pre-checked with `ytxa check`, kept when it is one
  /// assessment of the account's own unit.
  func receive(_ context: Context, api: Bool) -> HTTPResponse {
    let l = context.language
    let request = context.request
    var bytes = request.body
    var name = request.header("x-filename").map(HTTPForm.lastComponent) ?? "upload"
    if !api {
      guard let type = request.header("content-type"), let boundary = HTTPForm.boundary(of: type),
        case .success(let parts) = HTTPForm.multipart(request.body, boundary: boundary),
        let file = parts.first(where: { $0.name == "file" && $0.fileName != nil })
      else {
        return refusal(400, l.pick("Chưa chọn tệp.", "No file chosen."), api: api, l)
      }
      bytes = file.body
      name = file.fileName ?? "upload"
    }
    let type = Self.type(of: name, contentType: api ? request.header("content-type") : nil)
    guard let type else {
      return refusal(
        415,
        l.pick(
          "Chỉ nhận tệp .xlsx, .csv hoặc .json.", "Only .xlsx, .csv or .json files are accepted."),
        api: api, l)
    }
    guard !bytes.isEmpty else {
      return refusal(400, l.pick("Tệp trống.", "The file is empty."), api: api, l)
    }
    // Checked where it will be kept: a folder of the store's for files being received.
    var shown = ""
    let checked = receiving(bytes, type: type) { path in
      shown = enginePath(path)
      return engine.run(["check", shown, "--format", "json", "--lang", l == .en ? "en" : "vi"])
    }
    guard let check = checked else {
      return refusal(
        500, l.pick("Không ghi được tệp.", "The file could not be written."), api: api, l)
    }
    let results = Self.results(check.out)
    guard results.count == 1, let result = results.first else {
      let why =
        check.err.isEmpty
        ? l.pick(
          "Tệp cần đúng một xã, một năm đánh giá (tệp này có \(results.count)).",
          "A submission is one commune's assessment of one year (this file has \(results.count)).")
        : check.err.replacingOccurrences(of: shown, with: name)
      return refusal(422, why, api: api, l)
    }
    guard case .object(let commune)? = result["commune"], case .string(let code)? = commune["code"],
      code == context.account?.unit?.digits
    else {
      return refusal(
        403,
        l.pick(
          "Tệp này không phải của xã của tài khoản (\(context.account?.unit?.digits ?? "")).",
          "This file is not for the account's commune (\(context.account?.unit?.digits ?? ""))."),
        api: api, l)
    }
    var province = ""
    if case .object(let block)? = commune["province"], case .string(let found)? = block["code"] {
      province = found
    }
    func text(_ key: String) -> String {
      switch result[key] {
      case .number(let value)?: value
      case .string(let value)?: value
      default: ""
      }
    }
    let draft = Submission(
      account: context.account!.name, unit: code, province: province, name: name, type: type,
      size: bytes.count, at: AuditLog.timestamp(), year: text("year"),
      assessedOn: text("assessedOn"),
      passed: result["passed"] == .bool(true), total: text("total"), maximum: text("max"))
    let kept: Submission
    do {
      kept = try store.addSubmission(bytes, draft: draft)
    } catch {
      return refusal(500, l(error.message), api: api, l)
    }
    keepLatest(kept)
    guard api else { return .seeOther("/submissions/" + kept.id) }
    var body = kept.json
    if case .object(var members) = body {
      members["check"] = Self.output(result)
      body = .object(members)
    }
    return .json(201, body.bytes(pretty: true))
  }

  /// `GET /api/submissions/ID`, `…/file`, `/submissions/ID`: a submission the account may see
  /// (any other is "not found", whether it exists or not).
  func submission(_ context: Context, part: Part) -> HTTPResponse {
    let l = context.language
    let segments = context.request.path.split(separator: "/")
    let id = segments.first { $0.utf8.count == 64 }.map(String.init) ?? ""
    guard let found = visible(to: context.account!).last(where: { $0.id == id }) else {
      return refusal(
        404, l.pick("Không có hồ sơ này.", "No such submission."), api: part != .sheet, l)
    }
    let path = store.path(of: found)
    switch part {
    case .file:
      guard case .success(let bytes) = FileSystem.read(path, limit: .table) else {
        return refusal(500, l.pick("Không đọc được tệp.", "The file cannot be read."), api: true, l)
      }
      let types = [
        "json": "application/json", "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      ]
      return HTTPResponse(
        status: 200,
        headers: [
          ("Content-Type", types[found.type] ?? "application/octet-stream"),
          ("Content-Disposition", "attachment; filename=\"\(found.id.prefix(12)).\(found.type)\""),
        ], body: bytes)
    case .record:
      let check = engine.run([
        "check", enginePath(path), "--format", "json", "--lang", l == .en ? "en" : "vi",
      ])
      var body = found.json
      if case .object(var members) = body, let result = Self.results(check.out).first {
        members["check"] = Self.output(result)
        body = .object(members)
      }
      return .json(200, body.bytes(pretty: true))
    case .sheet:
      // The pre-check sheet: what `ytxa check --format html` prints for the file, as it is.
      let sheet = engine.run([
        "check", enginePath(path), "--format", "html", "--lang", l == .en ? "en" : "vi",
      ])
      var response = HTTPResponse(
        status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: sheet.out)
      response.headers.append(("Content-Security-Policy", Self.policy(allowingStylesOf: sheet.out)))
      return response
    }
  }

  /// A store file as the engine is given it: relative to the store when the server works from
  /// inside it (`ytxa serve` does), so that what the engine prints names `submissions/ID.json`,
  /// never where the store lies on the server's disk.
  func enginePath(_ path: String) -> String {
    let prefix = store.folder + "/"
    guard path.hasPrefix(prefix), FileManager.default.currentDirectoryPath == store.folder else {
      return path
    }
    return String(path.dropFirst(prefix.count))
  }

  /// The report's own `<style>` blocks allowed by their SHA-256 (no other inline style or any
  /// script): the sheet is served with the bytes `ytxa check` writes.
  static func policy(allowingStylesOf page: [UInt8]) -> String {
    let text = String(decoding: page, as: UTF8.self)
    var hashes: [String] = []
    var rest = text[...]
    while let open = rest.range(of: "<style>"),
      let close = rest[open.upperBound...].range(of: "</style>")
    {
      let css = rest[open.upperBound..<close.lowerBound]
      hashes.append("'sha256-" + Data(SHA256.digest(Array(css.utf8))).base64EncodedString() + "'")
      rest = rest[close.upperBound...]
    }
    return "default-src 'none'; style-src " + hashes.joined(separator: " ")
      + "; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
  }

  /// `json`, `csv` or `xlsx`, from the file's name or the request's content type.
  static func type(of name: String, contentType: String?) -> String? {
    let lowered = name.lowercased()
    for type in Submission.types where lowered.hasSuffix("." + type) { return type }
    switch contentType?.split(separator: ";").first.map({ $0.trimmedSpaces.lowercased() }) {
    case "application/json": return "json"
    case "text/csv": return "csv"
    case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": return "xlsx"
    default: return nil
    }
  }

  /// The results of `check --format json`: one object, or an array of them.
  static func results(_ bytes: [UInt8]) -> [JSONObject] {
    switch try? JSONParser.parse(bytes) {
    case .object(let one)?: [one]
    case .array(let many)?: many.compactMap { if case .object(let one) = $0 { one } else { nil } }
    default: []
    }
  }

  static func output(_ object: JSONObject) -> JSONOutput { JSONValue.object(object).output }
}
