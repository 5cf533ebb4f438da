import Foundation
import YTXAFormats
import YTXAKit

/// The accounts' rules, once: `ytxa serve user` and the administrator's pages both change
/// accounts through these, each change logged.
extension Store {
  /// The shortest password accepted.
  package static let minimumPassword = 10

  /// Why `password` cannot be an account's, or `nil`.
  package static func passwordProblem(_ password: String) -> StoreError? {
    password.count >= minimumPassword
      ? nil
      : StoreError(
        "mật khẩu cần ít nhất \(minimumPassword) ký tự.",
        "a password needs at least \(minimumPassword) characters.")
  }

  /// Adds an account: a valid new name; a commune account's unit (5 digits) a unit of the
  /// store's province in the registry (now or before a change of map); a province, council or
  /// administrator account's province (2 digits; the store's by default).
  package func addAccount(
    name: String, role: Role, unit unitText: String?, province provinceText: String?,
    language: Language, password: String, actor: String, at time: String
  ) throws(StoreError) {
    let (unit, province) = try newAccount(
      name: name, role: role, unit: unitText, province: provinceText)
    if let problem = Self.passwordProblem(password) { throw problem }
    guard let hash = PasswordHash.make(password) else {
      throw StoreError("hệ thống không cho số ngẫu nhiên.", "the system gives no random bytes.")
    }
    let account = Account(
      name: name, role: role, unit: unit, province: province, language: language,
      disabled: false, password: hash, createdAt: time)
    var details = ["name": name, "role": role.rawValue]
    if let unit { details["unit"] = unit.digits }
    if let province { details["province"] = province.digits }
    try change(actor: actor, action: "account.add", details: details, at: time) { accounts in
      accounts.append(account)
    }
  }

  /// What a new account would be (its unit, its province), or why it cannot be: checked before
  /// a password is asked for.
  package func newAccount(
    name: String, role: Role, unit unitText: String?, province provinceText: String?
  ) throws(StoreError) -> (unit: CommuneCode?, province: ProvinceCode?) {
    guard Account.isValidName(name) else { throw Self.badName(name) }
    guard !accounts.contains(where: { $0.name == name }) else {
      throw StoreError("đã có tài khoản \(name).", "there is already an account \(name).")
    }
    var unit: CommuneCode?
    var province: ProvinceCode? = self.province
    if role == .commune {
      guard let unitText, !unitText.isEmpty else {
        throw StoreError(
          "tài khoản xã cần mã xã (--unit, 5 chữ số).",
          "a commune account needs its unit (--unit, 5 digits).")
      }
      switch CommuneCode.parse(unitText) {
      case .success(let code): unit = code
      case .failure(let why):
        throw StoreError(
          "--unit: " + why.message.vietnamese, "--unit: " + why.message.english)
      }
      if let registry = ServeApp.registry, let unit {
        guard registry.units(withCode: unit).contains(where: { $0.province.code == self.province })
        else {
          throw StoreError(
            "--unit \(unit.digits): không có đơn vị nào của tỉnh \(self.province.digits) mang mã "
              + "này trong danh mục.",
            "--unit \(unit.digits): no unit of province \(self.province.digits) in the registry "
              + "has this code.")
        }
      }
      province = nil
    } else if let provinceText, !provinceText.isEmpty {
      guard let code = ProvinceCode(provinceText) else {
        throw StoreError(
          "--province: mã tỉnh có 2 chữ số.", "--province: a province code has 2 digits.")
      }
      province = code
    }
    return (unit, province)
  }

  /// Disables an account (never the last active administrator).
  package func disableAccount(_ name: String, actor: String, at time: String) throws(StoreError) {
    try existing(name)
    guard
      accounts.contains(where: { $0.role == .admin && !$0.disabled && $0.name != name })
        || accounts.first(where: { $0.name == name })?.role != .admin
    else {
      throw StoreError(
        "không khóa được quản trị viên cuối cùng còn hoạt động.",
        "the last active administrator cannot be disabled.")
    }
    try change(actor: actor, action: "account.disable", details: ["name": name], at: time) {
      accounts in
      for index in accounts.indices where accounts[index].name == name {
        accounts[index].disabled = true
      }
    }
  }

  /// Sets an account's password.
  package func setPassword(_ name: String, _ password: String, actor: String, at time: String)
    throws(StoreError)
  {
    try existing(name)
    if let problem = Self.passwordProblem(password) { throw problem }
    guard let hash = PasswordHash.make(password) else {
      throw StoreError("hệ thống không cho số ngẫu nhiên.", "the system gives no random bytes.")
    }
    try change(actor: actor, action: "account.password", details: ["name": name], at: time) {
      accounts in
      for index in accounts.indices where accounts[index].name == name {
        accounts[index].password = hash
      }
    }
  }

  private func existing(_ name: String) throws(StoreError) {
    guard accounts.contains(where: { $0.name == name }) else {
      throw StoreError("không có tài khoản \(name).", "there is no account \(name).")
    }
  }
}
