import Foundation
import YTXAFormats
import YTXAKit

/// The province's rounds (interfaces §10): opened, submitted to, returned, closed, read; the
/// council's papers and the draft decision rows. Each page and its JSON route share a handler;
/// what is shown of a commune is what `ytxa check` and `ytxa council` print for the round's
/// files.
extension ServeApp {
  static let roundRoutes: [Route] = [
    Route(
      method: .get, path: "/rounds", access: .signedIn([.commune, .province, .council]),
      isAPI: false, needsCSRF: false
    ) { app, context in app.roundsPage(context) },
    Route(
      method: .post, path: "/rounds", access: .signedIn([.province]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.openRound(context, api: false) },
    Route(
      method: .get, path: "/api/rounds", access: .signedIn([.commune, .province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      let rounds = app.isOfStore(context.account!) ? app.store.rounds : []
      return .json(
        200,
        JSONOutput.array(rounds.map { app.json(of: $0, for: context.account!) })
          .bytes(pretty: true))
    },
    Route(
      method: .post, path: "/api/rounds", access: .signedIn([.province]), isAPI: true,
      needsCSRF: true
    ) { app, context in app.openRound(context, api: true) },
    Route(
      method: .get, path: "/api/rounds/@", access: .signedIn([.commune, .province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      let found = app.round(context, api: true)
      guard let round = found.value else { return found.refusal! }
      return .json(200, app.json(of: round, for: context.account!).bytes(pretty: true))
    },
    Route(
      method: .get, path: "/rounds/@", access: .signedIn([.commune, .province, .council]),
      isAPI: false, needsCSRF: false
    ) { app, context in app.roundPage(context) },
    Route(
      method: .post, path: "/api/rounds/@/submit", access: .signedIn([.commune]), isAPI: true,
      needsCSRF: true
    ) { app, context in app.submitToRound(context, api: true) },
    Route(
      method: .post, path: "/rounds/@/submit", access: .signedIn([.commune]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.submitToRound(context, api: false) },
    Route(
      method: .post, path: "/api/rounds/@/return", access: .signedIn([.province]), isAPI: true,
      needsCSRF: true
    ) { app, context in app.returnSubmission(context, api: true) },
    Route(
      method: .post, path: "/rounds/@/return", access: .signedIn([.province]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.returnSubmission(context, api: false) },
    Route(
      method: .post, path: "/api/rounds/@/close", access: .signedIn([.province]), isAPI: true,
      needsCSRF: true
    ) { app, context in app.closeRound(context, api: true) },
    Route(
      method: .post, path: "/rounds/@/close", access: .signedIn([.province]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.closeRound(context, api: false) },
    Route(
      method: .get, path: "/api/rounds/@/papers.html", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in app.papers(context, format: "html") },
    Route(
      method: .get, path: "/api/rounds/@/check.xlsx", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in
      // The overview as a workbook: `ytxa check --format xlsx` on the round's files.
      let l = context.language
      let found = app.round(context, api: true)
      guard let round = found.value else { return found.refusal! }
      let files = app.files(of: round)
      guard !files.isEmpty else {
        return app.refusal(
          422, l.pick("Đợt chưa có hồ sơ nào.", "The round has no submission yet."), api: true, l)
      }
      let made = app.cachedRun(
        ["check"] + files + ["--format", "xlsx", "--lang", l == .en ? "en" : "vi"])
      guard made.code <= 1, !made.out.isEmpty else {
        return app.refusal(500, ServeApp.sentence(made.err), api: true, l)
      }
      return ServeApp.answer(made.out, format: "xlsx", name: "ho-so-dot-" + round.name)
    },
    Route(
      method: .get, path: "/api/rounds/@/decisions.csv", access: .signedIn([.province]),
      isAPI: true, needsCSRF: false
    ) { app, context in app.papers(context, format: "csv") },
    Route(
      method: .get, path: "/api/rounds/@/decisions.xlsx", access: .signedIn([.province]),
      isAPI: true, needsCSRF: false
    ) { app, context in app.papers(context, format: "xlsx") },
  ]

  /// A value or the answer refusing the request.
  struct Found<T> {
    var value: T?
    var refusal: HTTPResponse?
  }

  // MARK: Who sees a round

  /// Whether a province or council account is of the store's province (one store, one
  /// province): another province's account sees nothing of this one.
  func isOfStore(_ account: Account) -> Bool {
    switch account.role {
    case .province, .council: account.province == store.province
    case .commune: true
    case .admin: false
    }
  }

  /// The round the address names, when the account may see it.
  func round(_ context: Context, api: Bool) -> Found<Round> {
    let l = context.language
    let name = context.request.path.split(separator: "/").first { Round.isValidName(String($0)) }
    guard isOfStore(context.account!), let name,
      let round = store.rounds.first(where: { $0.name == name })
    else {
      return Found(
        refusal: refusal(404, l.pick("Không có đợt này.", "No such round."), api: api, l))
    }
    return Found(value: round)
  }

  /// A round as `GET /api/rounds/R` gives it: a commune account sees its own unit's entries.
  func json(of round: Round, for account: Account) -> JSONOutput {
    let ledger = store.ledger
    let entries = round.entries.filter {
      account.role != .commune || $0.unit == account.unit?.digits
    }
    return .object([
      "round": .string(round.name), "open": .bool(round.isOpen),
      "deadline": .string(round.deadline), "openedAt": .string(round.openedAt),
      "closedAt": round.closedAt.map { .string($0) } ?? .null,
      "submissions": .array(
        entries.map { entry in
          let found = ledger.submission(entry.submission)
          return .object([
            "id": .string(entry.submission), "commune": .string(entry.unit),
            "passed": .bool(found?.passed ?? false),
            "total": .number(found.map { $0.total.isEmpty ? "0" : $0.total } ?? "0"),
            "state": .string(entry.state.rawValue), "submittedAt": .string(entry.at),
            "comment": entry.comment.map { .string($0) } ?? .null,
          ])
        }),
    ])
  }

  // MARK: Changes

  /// The fields of a change: the JSON object's string members (API) or the form's fields.
  func inputs(_ context: Context, api: Bool) -> [String: String]? {
    if api {
      guard case .object(let object)? = try? JSONParser.parse(context.request.body) else {
        return nil
      }
      var found: [String: String] = [:]
      for member in object.members {
        if case .string(let text) = member.value { found[member.key] = text }
      }
      return found
    }
    guard let fields = formFields(context.request) else { return nil }
    return Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  /// What a change answers: the round again (API, `status`) or the round's page.
  func changed(_ context: Context, api: Bool, status: Int = 200, _ name: String) -> HTTPResponse {
    guard api else { return .seeOther("/rounds/" + name) }
    guard let round = store.rounds.first(where: { $0.name == name }) else {
      return .json(status, JSONOutput.object([:]).bytes(pretty: true))
    }
    return .json(status, json(of: round, for: context.account!).bytes(pretty: true))
  }

  func openRound(_ context: Context, api: Bool) -> HTTPResponse {
    let l = context.language
    guard isOfStore(context.account!) else {
      return refusal(
        403, l.pick("Tài khoản không thuộc tỉnh này.", "The account is not of this province."),
        api: api, l)
    }
    guard let fields = inputs(context, api: api) else {
      return refusal(
        400,
        l.pick(
          "Cần {\"round\": \"YYYY-MM\", \"deadline\": \"YYYY-MM-DD\"}.",
          "{\"round\": \"YYYY-MM\", \"deadline\": \"YYYY-MM-DD\"} is needed."), api: api, l)
    }
    let name = fields["round"]?.trimmedSpaces ?? ""
    do {
      try store.openRound(
        name, deadline: fields["deadline"]?.trimmedSpaces ?? "", actor: context.account!.name,
        at: AuditLog.timestamp())
    } catch {
      return refusal(409, l(error.message), api: api, l)
    }
    return changed(context, api: api, status: 201, name)
  }

  func submitToRound(_ context: Context, api: Bool) -> HTTPResponse {
    let l = context.language
    let found = round(context, api: api)
    guard let round = found.value else { return found.refusal! }
    let id = inputs(context, api: api)?["submission"] ?? ""
    guard let submission = visible(to: context.account!).last(where: { $0.id == id }) else {
      return refusal(
        404, l.pick("Không có hồ sơ này của xã.", "No such submission of the commune."),
        api: api, l)
    }
    // The council reads a round's assessments by their day (`ytxa council --round`): one of
    // another month would be left out of the papers.
    if !submission.assessedOn.isEmpty, !submission.assessedOn.hasPrefix(round.name + "-") {
      return refusal(
        422,
        l.pick(
          "Ngày đánh giá của tệp là \(submission.assessedOn), không thuộc đợt \(round.name): hội "
            + "đồng xét các đánh giá có ngày trong tháng của đợt. Sửa assessed_on trong tệp rồi "
            + "gửi lại.",
          "The file's assessment day is \(submission.assessedOn), not in round \(round.name): "
            + "the council reads the assessments dated in the round's month. Correct assessed_on "
            + "in the file and upload it again."), api: api, l)
    }
    do {
      try store.submit(
        submission, to: round.name, actor: context.account!.name, today: Self.today(),
        at: AuditLog.timestamp())
    } catch {
      return refusal(409, l(error.message), api: api, l)
    }
    return changed(context, api: api, round.name)
  }

  func returnSubmission(_ context: Context, api: Bool) -> HTTPResponse {
    let l = context.language
    let found = round(context, api: api)
    guard let round = found.value else { return found.refusal! }
    let fields = inputs(context, api: api) ?? [:]
    do {
      try store.returnSubmission(
        fields["submission"] ?? "", in: round.name, comment: fields["comment"] ?? "",
        actor: context.account!.name, at: AuditLog.timestamp())
    } catch {
      return refusal(409, l(error.message), api: api, l)
    }
    return changed(context, api: api, round.name)
  }

  func closeRound(_ context: Context, api: Bool) -> HTTPResponse {
    let l = context.language
    let found = round(context, api: api)
    guard let round = found.value else { return found.refusal! }
    do {
      try store.closeRound(round.name, actor: context.account!.name, at: AuditLog.timestamp())
    } catch {
      return refusal(409, l(error.message), api: api, l)
    }
    return changed(context, api: api, round.name)
  }

  /// Today in the server's time zone (the deadline's day).
  static func today() -> Day {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
      ?? Day(daysSince1970: 0)
  }

  // MARK: What the engine prints for a round

  /// The stored files of the round's current entries, as the engine is given them.
  func files(of round: Round) -> [String] {
    let ledger = store.ledger
    return round.current.compactMap { ledger.submission($0.submission) }.map {
      enginePath(store.path(of: $0))
    }
  }

  /// `ytxa council --round R --register REGISTER` on the round's files: the papers (`html`) or
  /// the draft decision rows (`csv`, `xlsx`), as the command writes them.
  func papers(_ context: Context, format: String) -> HTTPResponse {
    let l = context.language
    let found = round(context, api: true)
    guard let round = found.value else { return found.refusal! }
    let files = files(of: round)
    guard !files.isEmpty else {
      return refusal(
        422, l.pick("Đợt chưa có hồ sơ nào.", "The round has no submission yet."), api: true, l)
    }
    let made = cachedRun(
      ["council", "--round", round.name, "--register", registerArgument(), "--format", format]
        + ["--lang", l == .en ? "en" : "vi"] + files, state: registerState)
    guard made.code <= 1, !made.out.isEmpty else {
      return refusal(422, Self.sentence(made.err), api: true, l)
    }
    return Self.answer(made.out, format: format, name: "du-thao-qd-" + round.name)
  }

  static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

  /// The engine's error output as one sentence: without its `Lỗi: `/`Error: ` lead.
  static func sentence(_ err: String) -> String {
    let lines = err.split(separator: "\n").map { line -> String in
      for lead in ["Lỗi: ", "Error: "] where line.hasPrefix(lead) {
        return String(line.dropFirst(lead.count))
      }
      return String(line)
    }
    return lines.joined(separator: " ")
  }
}
