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

  static func home(_ account: Account, csrf: String, _ language: Language) -> String {
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
    return page(
      "ytxa",
      "<h1>ytxa</h1><p>" + e(l.pick("Đã đăng nhập: ", "Signed in: ")) + "<strong>"
        + e(account.name) + "</strong> (" + e(whom) + ")</p>"
        + "<p class=\"note\">"
        + e(
          l.pick(
            "Máy chủ đang được xây dựng: đăng nhập đã dùng được; tải mẫu, nộp số liệu và các đợt "
              + "thẩm định sẽ có ở các bản sau.",
            "The server is being built: signing in works; the template, uploads and rounds come "
              + "in later versions.")) + "</p>"
        + "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\""
        + e(csrf) + "\"><button type=\"submit\">" + e(l.pick("Đăng xuất", "Sign out"))
        + "</button></form>", l)
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
    @media print{body{background:#fff}main{max-width:none}button,form{display:none}}
    """
}
