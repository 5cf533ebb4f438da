import Foundation
import YTXAFormats
import YTXAKit

/// The administrator's pages (interfaces §10, role `admin`): the accounts (add, disable, set a
/// password, through the same rules as `ytxa serve user`) and the audit log, read.
extension ServeApp {
  static let adminRoutes: [Route] = [
    Route(
      method: .get, path: "/admin", access: .signedIn([.admin]), isAPI: false, needsCSRF: false
    ) { app, context in app.adminPage(context, problem: nil) },
    Route(
      method: .post, path: "/admin/accounts", access: .signedIn([.admin]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.changeAccount(context, .add) },
    Route(
      method: .post, path: "/admin/accounts/disable", access: .signedIn([.admin]), isAPI: false,
      needsCSRF: true
    ) { app, context in app.changeAccount(context, .disable) },
    Route(
      method: .post, path: "/admin/accounts/password", access: .signedIn([.admin]),
      isAPI: false, needsCSRF: true
    ) { app, context in app.changeAccount(context, .password) },
    Route(
      method: .get, path: "/admin/audit", access: .signedIn([.admin]), isAPI: false,
      needsCSRF: false
    ) { app, context in app.auditPage(context) },
  ]

  enum AccountChange { case add, disable, password }

  func changeAccount(_ context: Context, _ kind: AccountChange) -> HTTPResponse {
    let l = context.language
    let fields = inputs(context, api: false) ?? [:]
    let name = fields["name"]?.trimmedSpaces ?? ""
    let actor = context.account!.name
    let time = AuditLog.timestamp()
    do throws(StoreError) {
      switch kind {
      case .add:
        guard let role = Role(rawValue: fields["role"] ?? "") else {
          throw StoreError("chọn một vai trò.", "choose a role.")
        }
        try store.addAccount(
          name: name, role: role, unit: fields["unit"]?.trimmedSpaces,
          province: fields["province"]?.trimmedSpaces,
          language: fields["language"] == "en" ? .en : .vi, password: fields["password"] ?? "",
          actor: actor, at: time)
      case .disable:
        try store.disableAccount(name, actor: actor, at: time)
        sessions.closeAll(of: name)
      case .password:
        try store.setPassword(name, fields["password"] ?? "", actor: actor, at: time)
        sessions.closeAll(of: name)
      }
    } catch {
      return adminPage(context, problem: l(error.message), status: 422)
    }
    return .seeOther("/admin")
  }

  func adminPage(_ context: Context, problem: String?, status: Int = 200) -> HTTPResponse {
    let e = HTML.escape
    let l = context.language
    var body =
      "<p class=\"meta\"><a href=\"/\">" + e(l.pick("Trang chính", "Home")) + "</a> · "
      + "<a href=\"/admin/audit\">" + e(l.pick("Nhật ký kiểm tra", "Audit log")) + "</a></p><h1>"
      + e(l.pick("Tài khoản", "Accounts")) + "</h1>"
      + (problem.map { "<p class=\"problem\" role=\"alert\">" + e($0) + "</p>" } ?? "")
      + "<div class=\"wrap\"><table><thead><tr><th>" + e(l.pick("Tên", "Name")) + "</th><th>"
      + e(l.pick("Vai trò", "Role")) + "</th><th>" + e(l.pick("Đơn vị", "Unit")) + "</th><th>"
      + e(l.pick("Trạng thái", "State")) + "</th><th></th></tr></thead><tbody>"
    for account in store.accounts {
      body +=
        "<tr><td>" + e(account.name) + "</td><td>" + e(account.role.rawValue) + "</td><td>"
        + e(account.unit?.digits ?? account.province?.digits ?? "") + "</td><td>"
        + e(account.disabled ? l.pick("đã khóa", "disabled") : l.pick("hoạt động", "active"))
        + "</td><td>"
      if !account.disabled {
        body +=
          "<form method=\"post\" action=\"/admin/accounts/disable\">" + csrfField(context)
          + "<input type=\"hidden\" name=\"name\" value=\"" + e(account.name) + "\">"
          + "<button type=\"submit\" class=\"small\">" + e(l.pick("Khóa", "Disable"))
          + "</button></form>"
      }
      body += "</td></tr>"
    }
    body +=
      "</tbody></table></div><h2>" + e(l.pick("Thêm tài khoản", "Add an account")) + "</h2>"
      + "<form method=\"post\" action=\"/admin/accounts\">" + csrfField(context) + "<label>"
      + e(l.pick("Tên đăng nhập", "Name"))
      + "<input name=\"name\" required pattern=\"[A-Za-z0-9._-]{1,64}\"></label><label>"
      + e(l.pick("Vai trò", "Role")) + "<select name=\"role\">"
    for role in Role.allCases {
      body += "<option value=\"\(role.rawValue)\">" + e(role.rawValue) + "</option>"
    }
    body +=
      "</select></label><label>" + e(l.pick("Mã xã (tài khoản xã)", "Commune code (commune)"))
      + "<input name=\"unit\" pattern=\"[0-9]{5}\" inputmode=\"numeric\"></label><label>"
      + e(l.pick("Mã tỉnh (mặc định tỉnh của kho)", "Province code (default the store's)"))
      + "<input name=\"province\" pattern=\"[0-9]{2}\" inputmode=\"numeric\"></label><label>"
      + e(l.pick("Ngôn ngữ", "Language")) + "<select name=\"language\"><option value=\"vi\">"
      + "Tiếng Việt</option><option value=\"en\">English</option></select></label><label>"
      + e(
        l.pick(
          "Mật khẩu (ít nhất \(Store.minimumPassword) ký tự)",
          "Password (at least \(Store.minimumPassword) characters)"))
      + "<input name=\"password\" type=\"password\" autocomplete=\"new-password\" required>"
      + "</label><button type=\"submit\">" + e(l.pick("Thêm", "Add")) + "</button></form><h2>"
      + e(l.pick("Đặt mật khẩu mới", "Set a new password")) + "</h2>"
      + "<form method=\"post\" action=\"/admin/accounts/password\">" + csrfField(context)
      + "<label>" + e(l.pick("Tên đăng nhập", "Name")) + "<input name=\"name\" required></label>"
      + "<label>" + e(l.pick("Mật khẩu mới", "New password"))
      + "<input name=\"password\" type=\"password\" autocomplete=\"new-password\" required>"
      + "</label><button type=\"submit\">" + e(l.pick("Đặt mật khẩu", "Set")) + "</button></form>"
    return .html(status, ServePages.page(l.pick("Tài khoản", "Accounts"), body, l))
  }

  /// The audit log, newest first (the last ``auditShown`` lines), and whether its chain holds.
  func auditPage(_ context: Context) -> HTTPResponse {
    let e = HTML.escape
    let l = context.language
    let reading = AuditLog.read(store.folder + "/audit.jsonl")
    var body =
      "<p class=\"meta\"><a href=\"/admin\">" + e(l.pick("Tài khoản", "Accounts")) + "</a></p>"
      + "<h1>" + e(l.pick("Nhật ký kiểm tra", "Audit log")) + "</h1>"
      + (reading.problems.isEmpty
        ? "<p class=\"note\">"
          + e(
            l.pick(
              "\(reading.records.count) dòng; chuỗi SHA-256 liền mạch.",
              "\(reading.records.count) lines; the SHA-256 chain holds.")) + "</p>"
        : "<p class=\"problem\" role=\"alert\">" + e(reading.problems.joined(separator: "; "))
          + "</p>")
      + "<div class=\"wrap\"><table class=\"log\"><thead><tr><th>#</th><th>"
      + e(l.pick("Lúc", "At"))
      + "</th><th>" + e(l.pick("Ai", "Who")) + "</th><th>" + e(l.pick("Việc", "Action"))
      + "</th><th>" + e(l.pick("Chi tiết", "Details")) + "</th></tr></thead><tbody>"
    for record in reading.records.suffix(Self.auditShown).reversed() {
      let details = record.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
      body +=
        "<tr><td>\(record.seq)</td><td>" + e(record.at) + "</td><td>" + e(record.actor)
        + "</td><td>" + e(record.action) + "</td><td>" + e(details.joined(separator: " "))
        + "</td></tr>"
    }
    body += "</tbody></table></div>"
    return .html(200, ServePages.page(l.pick("Nhật ký kiểm tra", "Audit log"), body, l))
  }

  static let auditShown = 500
}
