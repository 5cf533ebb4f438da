import YTXAFormats
import YTXAKit

/// The server's pages: plain HTML that works without JavaScript, readable on a phone (no
/// sideways scroll at 390 px) and printable; Vietnamese unless the account says English. No
/// inline script or style (the Content-Security-Policy forbids them): one stylesheet, served
/// from the binary.
enum ServePages {
  static func page(_ title: String, _ body: String, _ language: Language) -> String {
    let e = HTML.escape
    return "<!DOCTYPE html><html lang=\"\(language == .en ? "en" : "vi")\"><head>"
      + "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
      + "initial-scale=1\"><title>\(e(title)) — ytxa</title>"
      + "<link rel=\"stylesheet\" href=\"/static/ytxa.css\"></head><body><main>"
      + body + "</main></body></html>"
  }

  static func login(csrf: String, problem: String?, _ language: Language) -> String {
    let e = HTML.escape
    let l = language
    return page(
      l.pick("Đăng nhập", "Sign in"),
      "<h1>" + e(l.pick("Đăng nhập", "Sign in")) + "</h1>"
        + "<p class=\"lead\">"
        + e(
          l.pick(
            "Tiêu chí quốc gia về y tế xã: tự kiểm tra, nộp hồ sơ, thẩm định.",
            "National commune health criteria: pre-check, submission, appraisal.")) + "</p>"
        + (problem.map { "<p class=\"problem\" role=\"alert\">" + e($0) + "</p>" } ?? "")
        + "<form method=\"post\" action=\"/login\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\"\(e(csrf))\">"
        + "<label>" + e(l.pick("Tên đăng nhập", "Name"))
        + "<input name=\"username\" autocomplete=\"username\" required></label>"
        + "<label>" + e(l.pick("Mật khẩu", "Password"))
        + "<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
        + "</label><button type=\"submit\">" + e(l.pick("Đăng nhập", "Sign in"))
        + "</button></form>"
        + "<p class=\"meta\"><a href=\"/login" + (l == .en ? "" : "?lang=en") + "\">"
        + (l == .en ? "Tiếng Việt" : "English") + "</a></p>", l)
  }

  static func home(
    _ account: Account, csrf: String, submissions: [Submission], _ language: Language
  ) -> String {
    let e = HTML.escape
    let l = language
    let whom: String =
      switch account.role {
      case .commune: l.pick("xã ", "commune ") + (account.unit?.digits ?? "")
      case .province:
        l.pick("Sở Y tế, tỉnh ", "Department of Health, province ")
          + (account.province?.digits ?? "")
      case .council:
        l.pick("Hội đồng thẩm định, tỉnh ", "Appraisal council, province ")
          + (account.province?.digits ?? "")
      case .admin:
        l.pick("quản trị, tỉnh ", "administrator, province ") + (account.province?.digits ?? "")
      }
    var body =
      "<h1>ytxa</h1><p>" + e(l.pick("Đã đăng nhập: ", "Signed in: ")) + "<strong>"
      + e(account.name) + "</strong> (" + e(whom) + ")</p>"
    if account.role == .commune {
      body +=
        "<h2>" + e(l.pick("1. Tải mẫu nhập", "1. Download the template")) + "</h2>"
        + "<p><a href=\"/api/template.xlsx\">"
        + e(
          l.pick(
            "Mẫu .xlsx của xã (danh mục hôm nay)", "The commune's .xlsx template (today's map)"))
        + "</a></p><h2>"
        + e(l.pick("2. Gửi số liệu để tự kiểm tra", "2. Upload the evidence for a pre-check"))
        + "</h2><form method=\"post\" action=\"/submissions\" enctype=\"multipart/form-data\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\"" + e(csrf) + "\">"
        + "<label>" + e(l.pick("Tệp (.xlsx, .csv, .json)", "File (.xlsx, .csv, .json)"))
        + "<input type=\"file\" name=\"file\" accept=\".xlsx,.csv,.json\" required></label>"
        + "<button type=\"submit\">" + e(l.pick("Gửi và kiểm tra", "Upload and check"))
        + "</button></form>"
    }
    if account.role == .admin {
      body +=
        "<nav><a href=\"/admin\">" + e(l.pick("Tài khoản", "Accounts")) + "</a> · "
        + "<a href=\"/admin/audit\">" + e(l.pick("Nhật ký kiểm tra", "Audit log")) + "</a></nav>"
    }
    if account.role == .province, let province = account.province {
      body +=
        "<h2>" + e(l.pick("Mẫu nhập", "Templates")) + "</h2><p><a href=\"/api/template.xlsx?"
        + "province=" + province.digits + "\">"
        + e(
          l.pick(
            "Mẫu .xlsx cả tỉnh (mỗi đơn vị một dòng, danh mục hôm nay)",
            "The province's .xlsx template (a row per unit, today's map)")) + "</a></p>"
        + "<form method=\"get\" action=\"/api/template.xlsx\"><label>"
        + e(l.pick("Mẫu của một xã (mã 5 chữ số)", "One commune's template (5-digit code)"))
        + "<input name=\"commune\" required pattern=\"[0-9]{5}\" inputmode=\"numeric\"></label>"
        + "<button type=\"submit\">" + e(l.pick("Tải mẫu", "Download")) + "</button></form>"
    }
    if account.role != .admin {
      body +=
        "<nav><a href=\"/rounds\">" + e(l.pick("Đợt thẩm định", "Council rounds")) + "</a>"
        + (account.role == .commune
          ? ""
          : " · <a href=\"/register\">" + e(l.pick("Sổ quyết định", "Register")) + "</a> · "
            + "<a href=\"/roadmap\">" + e(l.pick("Lộ trình", "Roadmap")) + "</a> · "
            + "<a href=\"/plans\">" + e(l.pick("Kế hoạch", "Plans")) + "</a>") + "</nav>"
      body += "<h2>" + e(l.pick("Hồ sơ đã gửi", "Submissions")) + "</h2>"
      if submissions.isEmpty {
        body += "<p>" + e(l.pick("Chưa có.", "None yet.")) + "</p>"
      } else {
        body +=
          "<div class=\"wrap\"><table><thead><tr><th>" + e(l.pick("Nhận lúc", "Received"))
          + "</th><th>" + e(l.pick("Xã", "Commune")) + "</th><th>" + e(l.pick("Năm", "Year"))
          + "</th><th>" + e(l.pick("Kết quả", "Verdict")) + "</th><th>" + e(l.pick("Tệp", "File"))
          + "</th></tr></thead><tbody>"
        for item in submissions.reversed() {
          body +=
            "<tr><td>" + e(item.at) + "</td><td>" + e(item.unit) + "</td><td>" + e(item.year)
            + "</td><td><a href=\"/submissions/" + item.id + "\">"
            + e(
              (item.passed ? l.pick("đạt", "passes") : l.pick("chưa đạt", "does not pass"))
                + " (\(item.total)/\(item.maximum))") + "</a></td><td>" + e(item.name)
            + "</td></tr>"
        }
        body += "</tbody></table></div>"
      }
    }
    body +=
      "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\""
      + e(csrf) + "\"><button type=\"submit\" class=\"quiet\">" + e(l.pick("Đăng xuất", "Sign out"))
      + "</button></form>"
    return page("ytxa", body, l)
  }

  static func message(_ sentence: String, _ language: Language) -> String {
    page(
      sentence,
      "<p class=\"problem\">" + HTML.escape(sentence) + "</p><p><a href=\"/\">"
        + HTML.escape(language.pick("Trang chính", "Home")) + "</a></p>", language)
  }

  static let stylesheet = """
    *{box-sizing:border-box}
    body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d1d1f;background:#f6f7f9}
    main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem;background:#fff;min-height:100vh}
    h1{font-size:1.5rem;margin:0 0 .5rem}
    .lead{color:#444}
    label{display:block;margin:.75rem 0;font-weight:600}
    input{display:block;width:100%;font:inherit;padding:.5rem;margin-top:.25rem;border:1px solid #8a8f98;border-radius:4px}
    button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#1b5e9b;color:#fff;cursor:pointer}
    button:focus,input:focus,a:focus{outline:3px solid #f0b400;outline-offset:1px}
    .problem{background:#fdecea;border-left:4px solid #b3261e;padding:.5rem .75rem}
    .note{background:#eef4fb;border-left:4px solid #1b5e9b;padding:.5rem .75rem}
    .meta{color:#555;font-size:.9rem}
    h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
    .wrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:.95rem}
    th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #dde1e6;vertical-align:top}
    td{overflow-wrap:anywhere}
    button.quiet{background:#5f6670;margin-top:1.5rem}
    button.small{padding:.25rem .75rem;font-size:.9rem}
    select{display:block;width:100%;font:inherit;padding:.5rem;margin-top:.25rem}
    nav{margin:1rem 0;font-weight:600}
    td form label{margin:0;font-weight:400}
    table.log td:nth-child(-n+4){white-space:nowrap;overflow-wrap:normal}
    table.log{font-size:.85rem}
    @media print{body{background:#fff}main{max-width:none}button,form{display:none}}
    """
}
