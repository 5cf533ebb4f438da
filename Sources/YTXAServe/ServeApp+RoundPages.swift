import YTXAFormats
import YTXAKit

/// The rounds' pages: the list of rounds (and opening one), a round's dossier overview for the
/// province and the council, a commune's own view with the form to submit. The overview's rows
/// are what `ytxa check --format json` gives for the round's files, in its order (closest to
/// passing first).
extension ServeApp {
  func roundsPage(_ context: Context) -> HTTPResponse {
    let e = HTML.escape
    let l = context.language
    let account = context.account!
    guard isOfStore(account) else {
      return refusal(404, l.pick("Không có đợt nào.", "No rounds."), api: false, l)
    }
    var body =
      "<p class=\"meta\"><a href=\"/\">" + e(l.pick("Trang chính", "Home")) + "</a></p><h1>"
      + e(l.pick("Đợt thẩm định", "Council rounds")) + "</h1>"
    let rounds = store.rounds
    if rounds.isEmpty {
      body += "<p>" + e(l.pick("Chưa có đợt nào.", "No round yet.")) + "</p>"
    } else {
      body +=
        "<div class=\"wrap\"><table><thead><tr><th>" + e(l.pick("Đợt", "Round")) + "</th><th>"
        + e(l.pick("Hạn đăng ký", "Deadline")) + "</th><th>" + e(l.pick("Trạng thái", "State"))
        + "</th><th>" + e(l.pick("Hồ sơ", "Submissions")) + "</th></tr></thead><tbody>"
      for round in rounds.reversed() {
        let count =
          account.role == .commune
          ? round.current.filter { $0.unit == account.unit?.digits }.count : round.current.count
        body +=
          "<tr><td><a href=\"/rounds/" + round.name + "\">" + e(round.name) + "</a></td><td>"
          + e(round.deadline) + "</td><td>"
          + e(round.isOpen ? l.pick("đang mở", "open") : l.pick("đã đóng", "closed"))
          + "</td><td>" + String(count) + "</td></tr>"
      }
      body += "</tbody></table></div>"
    }
    if account.role == .province {
      body +=
        "<h2>" + e(l.pick("Mở đợt mới", "Open a round")) + "</h2>"
        + "<form method=\"post\" action=\"/rounds\">" + csrfField(context)
        + "<label>" + e(l.pick("Tháng thẩm định (YYYY-MM)", "Council month (YYYY-MM)"))
        + "<input name=\"round\" required pattern=\"[0-9]{4}-[0-9]{2}\" placeholder=\"2026-12\">"
        + "</label><label>" + e(l.pick("Hạn đăng ký (YYYY-MM-DD)", "Deadline (YYYY-MM-DD)"))
        + "<input name=\"deadline\" required pattern=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\" placeholder=\"2026-11-30\"></label><button type=\"submit\">"
        + e(l.pick("Mở đợt", "Open the round")) + "</button></form>"
    }
    return .html(200, ServePages.page(l.pick("Đợt thẩm định", "Council rounds"), body, l))
  }

  func roundPage(_ context: Context) -> HTTPResponse {
    let e = HTML.escape
    let l = context.language
    let found = round(context, api: false)
    guard let round = found.value else { return found.refusal! }
    let account = context.account!
    var body =
      "<p class=\"meta\"><a href=\"/\">" + e(l.pick("Trang chính", "Home")) + "</a> · "
      + "<a href=\"/rounds\">" + e(l.pick("Các đợt", "Rounds")) + "</a></p><h1>"
      + e(l.pick("Đợt ", "Round ") + round.name) + "</h1><p>"
      + e(l.pick("Hạn đăng ký: ", "Registration deadline: ") + round.deadline) + " · "
      + e(
        round.isOpen
          ? l.pick("đang mở", "open")
          : l.pick("đã đóng lúc ", "closed at ") + (round.closedAt ?? "")) + "</p>"
    if account.role == .commune {
      body += communeRound(round, context)
    } else {
      body += overview(round, context)
    }
    return .html(200, ServePages.page(l.pick("Đợt ", "Round ") + round.name, body, l))
  }

  func csrfField(_ context: Context) -> String {
    "<input type=\"hidden\" name=\"csrf\" value=\"" + HTML.escape(context.session!.csrf) + "\">"
  }

  private func stateWord(_ state: Round.Entry.State, _ l: Language) -> String {
    switch state {
    case .submitted: l.pick("đã nộp", "submitted")
    case .returned: l.pick("trả lại", "returned")
    case .replaced: l.pick("đã thay bằng bản sau", "replaced by a later one")
    }
  }

  /// A commune's view: its entries (with the province's comments) and the form to submit.
  private func communeRound(_ round: Round, _ context: Context) -> String {
    let e = HTML.escape
    let l = context.language
    let unit = context.account!.unit?.digits
    let own = round.entries.filter { $0.unit == unit }
    var body = "<h2>" + e(l.pick("Hồ sơ của xã trong đợt", "The commune's entries")) + "</h2>"
    if own.isEmpty {
      body += "<p>" + e(l.pick("Xã chưa nộp.", "Not submitted yet.")) + "</p>"
    } else {
      body +=
        "<div class=\"wrap\"><table><thead><tr><th>" + e(l.pick("Nộp lúc", "Submitted"))
        + "</th><th>" + e(l.pick("Trạng thái", "State")) + "</th><th>"
        + e(l.pick("Nhận xét của tỉnh", "The province's comment")) + "</th></tr></thead><tbody>"
      for entry in own.reversed() {
        body +=
          "<tr><td><a href=\"/submissions/" + entry.submission + "\">" + e(entry.at)
          + "</a></td><td>" + e(stateWord(entry.state, l)) + "</td><td>"
          + e(entry.comment ?? "") + "</td></tr>"
      }
      body += "</tbody></table></div>"
    }
    guard round.isOpen else { return body }
    let choices = visible(to: context.account!).reversed()
    body += "<h2>" + e(l.pick("Nộp hồ sơ vào đợt", "Submit to the round")) + "</h2>"
    guard !choices.isEmpty else {
      return body + "<p>"
        + e(
          l.pick(
            "Gửi số liệu ở trang chính trước, rồi chọn nộp ở đây.",
            "Upload the evidence on the home page first, then submit it here.")) + "</p>"
    }
    body +=
      "<form method=\"post\" action=\"/rounds/" + round.name + "/submit\">" + csrfField(context)
      + "<label>" + e(l.pick("Hồ sơ", "Submission")) + "<select name=\"submission\">"
    for item in choices {
      body +=
        "<option value=\"" + item.id + "\">"
        + e(
          item.at + " · " + item.name + " · "
            + (item.passed ? l.pick("đạt", "passes") : l.pick("chưa đạt", "does not pass"))
            + " (\(item.total)/\(item.maximum))") + "</option>"
    }
    body +=
      "</select></label><button type=\"submit\">" + e(l.pick("Nộp vào đợt", "Submit"))
      + "</button></form>"
    return body
  }

  /// The province's and the council's view: the round's communes as `ytxa check` orders them,
  /// those returned, those not yet submitted, the papers, and (province) return and close.
  private func overview(_ round: Round, _ context: Context) -> String {
    let e = HTML.escape
    let l = context.language
    let province = context.account!.role == .province
    var body = ""
    let files = files(of: round)
    let byPath = Dictionary(
      zip(files, round.current), uniquingKeysWith: { first, _ in first })
    if !files.isEmpty {
      body +=
        "<p><a href=\"/api/rounds/" + round.name + "/papers.html\">"
        + e(l.pick("Hồ sơ hội đồng (in, ký)", "The council's papers (to print and sign)"))
        + "</a>"
      if province {
        body +=
          " · <a href=\"/api/rounds/" + round.name + "/decisions.xlsx\">"
          + e(l.pick("Dự thảo quyết định (.xlsx)", "Draft decisions (.xlsx)")) + "</a> · "
          + "<a href=\"/api/rounds/" + round.name + "/decisions.csv\">CSV</a>"
      }
      body += "</p>"
    }
    body +=
      "<h2>"
      + e(l.pick("Hồ sơ đã nộp (gần đạt nhất trước)", "Submitted (closest to passing first)"))
      + "</h2>"
      + (files.isEmpty
        ? ""
        : "<p><a href=\"/api/rounds/" + round.name + "/check.xlsx\">"
          + e(l.pick("Tải danh sách (.xlsx)", "Download the list (.xlsx)")) + "</a></p>")
    if files.isEmpty {
      body += "<p>" + e(l.pick("Chưa có.", "None yet.")) + "</p>"
    } else {
      let check = cachedRun(
        ["check"] + files + ["--format", "json", "--lang", l == .en ? "en" : "vi"])
      body +=
        "<div class=\"wrap\"><table><thead><tr><th>" + e(l.pick("Xã", "Commune")) + "</th><th>"
        + e(l.pick("Kết quả", "Verdict")) + "</th><th>" + e(l.pick("Nộp lúc", "Submitted"))
        + "</th>"
        + (province && round.isOpen ? "<th>" + e(l.pick("Trả lại", "Return")) + "</th>" : "")
        + "</tr></thead><tbody>"
      for result in Self.results(check.out) {
        // A table's row is named `PATH:Sheet!ROW` (xlsx) or `PATH:ROW` (csv).
        guard case .string(let file)? = result["file"],
          let entry = byPath[file]
            ?? byPath.first(where: { file.hasPrefix($0.key + ":") })?.value
        else { continue }
        var name = ""
        if case .object(let commune)? = result["commune"], case .string(let text)? = commune["name"]
        {
          name = text
        }
        let total = result["total"].map(Self.scalar) ?? ""
        let maximum = result["max"].map(Self.scalar) ?? ""
        body +=
          "<tr><td>" + e(entry.unit + " " + name) + "</td><td><a href=\"/submissions/"
          + entry.submission + "\">"
          + e(
            (result["passed"] == .bool(true)
              ? l.pick("đạt", "passes") : l.pick("chưa đạt", "does not pass"))
              + " (\(total)/\(maximum))") + "</a></td><td>" + e(entry.at) + "</td>"
        if province && round.isOpen {
          body +=
            "<td><form method=\"post\" action=\"/rounds/" + round.name + "/return\">"
            + csrfField(context) + "<input type=\"hidden\" name=\"submission\" value=\""
            + entry.submission + "\"><label>" + e(l.pick("Nhận xét", "Comment"))
            + "<input name=\"comment\" required maxlength=\"2000\"></label>"
            + "<button type=\"submit\" class=\"small\">" + e(l.pick("Trả lại", "Return"))
            + "</button></form></td>"
        }
        body += "</tr>"
      }
      body += "</tbody></table></div>"
    }
    let returned = round.entries.filter { $0.state == .returned }
    if !returned.isEmpty {
      body +=
        "<h2>" + e(l.pick("Đã trả lại", "Returned")) + "</h2><div class=\"wrap\"><table><thead>"
        + "<tr><th>" + e(l.pick("Xã", "Commune")) + "</th><th>" + e(l.pick("Nhận xét", "Comment"))
        + "</th><th>" + e(l.pick("Lúc", "When")) + "</th></tr></thead><tbody>"
      for entry in returned.reversed() {
        body +=
          "<tr><td><a href=\"/submissions/" + entry.submission + "\">" + e(entry.unit)
          + "</a></td><td>" + e(entry.comment ?? "") + "</td><td>" + e(entry.returnedAt ?? "")
          + "</td></tr>"
      }
      body += "</tbody></table></div>"
    }
    let submitted = Set(round.current.map(\.unit))
    let waiting = Set(
      store.accounts.filter { $0.role == .commune && !$0.disabled }.compactMap(\.unit?.digits)
    ).subtracting(submitted).sorted()
    body +=
      "<h2>" + e(l.pick("Chưa nộp", "Not submitted")) + "</h2><p class=\"meta\">"
      + e(
        l.pick(
          "Các xã có tài khoản trong kho mà chưa có hồ sơ đang nộp trong đợt.",
          "Communes with an account in the store and no current entry in the round.")) + "</p><p>"
      + (waiting.isEmpty ? e(l.pick("Không có.", "None.")) : e(waiting.joined(separator: ", ")))
      + "</p>"
    if province && round.isOpen {
      body +=
        "<h2>" + e(l.pick("Đóng đợt", "Close the round")) + "</h2><form method=\"post\" action=\""
        + "/rounds/" + round.name + "/close\">" + csrfField(context) + "<p class=\"meta\">"
        + e(
          l.pick(
            "Sau khi đóng, không nhận thêm hồ sơ và không trả lại được nữa.",
            "Once closed, no more submissions or returns.")) + "</p><button type=\"submit\">"
        + e(l.pick("Đóng đợt", "Close the round")) + "</button></form>"
    }
    return body
  }

  static func scalar(_ value: JSONValue) -> String {
    switch value {
    case .number(let text), .string(let text): text
    default: ""
    }
  }
}
