import Foundation
import YTXAFormats
import YTXAKit

/// What an account may do (interfaces §10). Authorisation is checked on the server, on the unit.
package enum Role: String, Sendable, CaseIterable {
  /// One commune-level unit: its own template, submissions and verdicts.
  case commune
  /// A province's units: rounds, papers, decisions, progress.
  case province
  /// Reads a province's rounds and sheets; changes nothing.
  case council
  /// Accounts and the audit log.
  case admin
}

/// A password as the store keeps it: PBKDF2-HMAC-SHA256 with a per-account random salt, the
/// rounds stored with the hash (so that raising them later keeps old hashes readable); never the
/// password itself.
package struct PasswordHash: Sendable, Equatable {
  /// Rounds for new hashes: OWASP's figure for PBKDF2-HMAC-SHA256 (2023).
  package static let defaultIterations = 600_000
  package static let algorithm = "pbkdf2-sha256"

  package var iterations: Int
  package var salt: [UInt8]
  package var hash: [UInt8]

  /// Rounds for new hashes: ``defaultIterations``. A debug build (the one `swift test` makes)
  /// reads `YTXA_DEBUG_PBKDF2_ROUNDS`, so that the suite's accounts are not hashed for minutes
  /// by unoptimised code; a release build ignores it.
  package static var iterationsForNewHashes: Int {
    #if DEBUG
      if let text = getenv("YTXA_DEBUG_PBKDF2_ROUNDS").map({ String(cString: $0) }),
        let rounds = Int(text), rounds >= 1
      {
        return rounds
      }
    #endif
    return defaultIterations
  }

  /// A new hash of `password` with a fresh 16-byte salt from the kernel; `nil` if the kernel
  /// gives no random bytes.
  package static func make(_ password: String, iterations: Int = iterationsForNewHashes)
    -> PasswordHash?
  {
    guard let salt = SystemRandom.bytes(16),
      let hash = PBKDF2.sha256(
        password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
    else { return nil }
    return PasswordHash(iterations: iterations, salt: salt, hash: hash)
  }

  /// Whether `password` is the one hashed, compared in constant time.
  package func matches(_ password: String) -> Bool {
    guard
      let candidate = PBKDF2.sha256(
        password: Array(password.utf8), salt: salt, iterations: iterations, length: hash.count)
    else { return false }
    return ConstantTime.equal(candidate, hash)
  }

  var json: JSONOutput {
    .object([
      "algorithm": .string(Self.algorithm), "iterations": .int(iterations),
      "salt": .string(SHA256.hex(digest: salt)), "hash": .string(SHA256.hex(digest: hash)),
    ])
  }

  init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
    self.iterations = iterations
    self.salt = salt
    self.hash = hash
  }

  init?(json value: JSONValue?) {
    guard case .object(let object)? = value, case .string(Self.algorithm)? = object["algorithm"],
      case .number(let rounds)? = object["iterations"], let iterations = Int(rounds),
      iterations >= 1, case .string(let salt)? = object["salt"],
      case .string(let hash)? = object["hash"], let saltBytes = Hex.bytes(salt),
      let hashBytes = Hex.bytes(hash), hashBytes.count == 32
    else { return nil }
    self.init(iterations: iterations, salt: saltBytes, hash: hashBytes)
  }
}

/// One account of the store.
package struct Account: Sendable, Equatable {
  package var name: String
  package var role: Role
  /// A commune account's unit code.
  package var unit: CommuneCode?
  /// A province, council or admin account's province code.
  package var province: ProvinceCode?
  /// The pages' language (Vietnamese unless the account says English).
  package var language: Language
  package var disabled: Bool
  package var password: PasswordHash
  package var createdAt: String

  /// Account names: 1 to 64 letters, digits, `.`, `_` or `-` (they appear in the audit log and
  /// in URLs).
  package static func isValidName(_ name: String) -> Bool {
    (1...64).contains(name.utf8.count)
      && name.utf8.allSatisfy {
        ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
          || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
      }
  }

  var json: JSONOutput {
    .object([
      "name": .string(name), "role": .string(role.rawValue),
      "unit": unit.map { .string($0.digits) } ?? .null,
      "province": province.map { .string($0.digits) } ?? .null,
      "language": .string(language == .en ? "en" : "vi"), "disabled": .bool(disabled),
      "password": password.json, "createdAt": .string(createdAt),
    ])
  }

  package init(
    name: String, role: Role, unit: CommuneCode?, province: ProvinceCode?, language: Language,
    disabled: Bool, password: PasswordHash, createdAt: String
  ) {
    self.name = name
    self.role = role
    self.unit = unit
    self.province = province
    self.language = language
    self.disabled = disabled
    self.password = password
    self.createdAt = createdAt
  }

  init?(json value: JSONValue) {
    guard case .object(let object) = value, case .string(let name)? = object["name"],
      Self.isValidName(name), case .string(let roleName)? = object["role"],
      let role = Role(rawValue: roleName), let password = PasswordHash(json: object["password"]),
      case .string(let created)? = object["createdAt"]
    else { return nil }
    var unit: CommuneCode?
    if case .string(let code)? = object["unit"] {
      guard let parsed = CommuneCode(code) else { return nil }
      unit = parsed
    }
    var province: ProvinceCode?
    if case .string(let code)? = object["province"] {
      guard let parsed = ProvinceCode(code) else { return nil }
      province = parsed
    }
    guard (role == .commune) == (unit != nil), role == .commune || province != nil else {
      return nil
    }
    let disabled: Bool
    if case .bool(let flag)? = object["disabled"] { disabled = flag } else { return nil }
    let language: Language = (object["language"] == .string("en")) ? .en : .vi
    self.init(
      name: name, role: role, unit: unit, province: province, language: language,
      disabled: disabled, password: password, createdAt: created)
  }
}

/// Lowercase hexadecimal, read back.
package enum Hex {
  package static func bytes(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
      guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
      out.append(high << 4 | low)
      index += 2
    }
    return out
  }

  private static func value(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
  }
}
