import Foundation
import Synchronization
import YTXAFormats

/// Why a registry file was refused: the file, the line and what is wrong.
public struct UnitRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  /// The line (1-based), or 0 for the whole file.
  public var line: Int
  public var message: String

  public var description: String {
    line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
  }
}

extension UnitRegistry {
  /// Reads a registry file (at most 16 MiB, a regular file).
  public init(path: String, file: String? = nil) throws(UnitRegistryError) {
    let name = file ?? path
    let bytes: [UInt8]
    switch FileSystem.read(path, limit: .definition) {
    case .success(let read): bytes = read
    case .failure(let failure):
      throw UnitRegistryError(file: name, line: 0, message: "\(failure)")
    }
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw UnitRegistryError(file: name, line: 0, message: "not UTF-8 text")
    }
    let digest = SHA256.hex(bytes)
    // Commands run in one process (the tests, a server) read the same registry again and again:
    // the checked registry is kept by its name and its bytes' digest, so a changed file is read
    // anew and an unchanged one is not parsed twice.
    let key = RegistryCache.Key(file: name, sha256: digest)
    if let cached = RegistryCache.shared.withLock({ $0[key] }) {
      self = cached
      return
    }
    try self.init(bytes: bytes, file: name)
    sha256 = digest
    let registry = self
    RegistryCache.shared.withLock {
      if $0.count >= RegistryCache.capacity { $0.removeAll() }
      $0[key] = registry
    }
  }

  /// Reads a registry from its text (format: Documentation/UnitRegistry.md).
  public init(text: String, file: String) throws(UnitRegistryError) {
    try self.init(bytes: Array(text.utf8), file: file)
  }

  /// Reads a registry from its UTF-8 bytes and checks it: codes and dates well formed, each
  /// code's periods in order and never overlapping, every predecessor a unit of that code that
  /// ends the day before (or in the same window). Lines and fields are cut on their bytes (a
  /// newline and a tab are single bytes in UTF-8), and only names become strings: the registry
  /// is read on every run that checks units.
  init(bytes: [UInt8], file: String) throws(UnitRegistryError) {
    let reader = Reader(file: file, bytes: bytes)
    var lineStart = 0
    var number = 0
    while lineStart < bytes.count {
      let end = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
      number += 1
      try reader.read(lineStart..<end, number: number)
      lineStart = end + 1
    }
    guard let firstDay = reader.firstDay else {
      throw UnitRegistryError(file: file, line: 0, message: "no S line (the registry's first day)")
    }
    // Taken out of the reader, so that filling in the links below does not copy every unit.
    var units = reader.units
    reader.units = []
    var byCode: [CommuneCode: Range<Int>] = [:]
    var start = 0
    for index in units.indices
    where index + 1 == units.count
      || units[index + 1].code != units[index].code
    {
      let code = units[index].code
      guard byCode[code] == nil else {
        throw UnitRegistryError(
          file: file, line: reader.lines[index],
          message: "the units of \(code) are not together (the file is ordered by code)")
      }
      byCode[code] = start..<(index + 1)
      try Self.checkPeriods(units, start..<(index + 1), lines: reader.lines, file: file)
      start = index + 1
    }
    for index in units.indices {
      for (position, pending) in reader.predecessors[index].enumerated() {
        let found = byCode[pending.code].flatMap { range in
          range.first { Self.precedes(units[$0], units[index]) }
        }
        guard let found else {
          throw UnitRegistryError(
            file: file, line: reader.lines[index],
            message: "predecessor \(pending.code) of \(units[index].code) is not a unit that "
              + "ends when \(units[index].code) begins")
        }
        units[index].predecessors[position] = Link(unit: found, share: pending.share)
        units[found].successors.append(Link(unit: index, share: pending.share))
      }
    }
    self.units = units
    self.firstDay = firstDay
    self.file = file
    self.byCode = byCode
  }

  /// Whether `earlier` ends exactly where `later` begins: the day before, or in the same window.
  static func precedes(_ earlier: Unit, _ later: Unit) -> Bool {
    switch (earlier.end, later.start) {
    case (.on(let last), .on(let first)): last.adding(days: 1) == first
    case (.within(let a), .within(let b)): a == b
    default: false
    }
  }

  /// Each period in order (begins before it ends) and after the one before it.
  static func checkPeriods(
    _ units: [Unit], _ range: Range<Int>, lines: [Int], file: String
  ) throws(UnitRegistryError) {
    var previous: Unit?
    for index in range {
      let unit = units[index]
      if let first = earliestStart(unit), let last = latestEnd(unit), first > last {
        throw UnitRegistryError(
          file: file, line: lines[index],
          message: "\(unit.code) \(unit.name) ends before it begins")
      }
      if let before = previous {
        let sameWindow: Bool
        if case .within(let a) = before.end, case .within(let b) = unit.start {
          sameWindow = a == b
        } else {
          sameWindow = false
        }
        guard let end = latestEnd(before), let begin = earliestStart(unit),
          sameWindow || end < begin
        else {
          throw UnitRegistryError(
            file: file, line: lines[index],
            message: "\(unit.code): the period of \(unit.name) overlaps that of \(before.name)")
        }
      }
      previous = unit
    }
  }

  static func earliestStart(_ unit: Unit) -> Day? {
    switch unit.start {
    case .beforeRecords: nil
    case .on(let day): day
    case .within(let window): window.after.adding(days: 1)
    }
  }

  static func latestEnd(_ unit: Unit) -> Day? {
    switch unit.end {
    case .open: nil
    case .on(let day): day
    case .within(let window): window.by.adding(days: -1)
    }
  }

  /// The line-by-line reader: tables first, then units. Works on byte ranges of the file.
  final class Reader {
    struct Pending {
      var code: CommuneCode
      var share: Share
    }
    let file: String
    let bytes: [UInt8]
    var firstDay: Day?
    var windows: [String: Window] = [:]
    var provinces: [Province] = []
    var districts: [District] = []
    var units: [Unit] = []
    var predecessors: [[Pending]] = []
    var lines: [Int] = []
    /// The current line's fields (reused).
    private var fields: [Range<Int>] = []

    init(file: String, bytes: [UInt8]) {
      self.file = file
      self.bytes = bytes
    }

    func fail(_ number: Int, _ message: String) -> UnitRegistryError {
      UnitRegistryError(file: file, line: number, message: message)
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// A unit's name: refused when it holds a line break, a control or a bidirectional control
    /// (it is printed in every report).
    func name(_ range: Range<Int>, _ number: Int) throws(UnitRegistryError) -> String {
      let name = text(range)
      if let hazard = UnsafeText.firstHazard(in: name) {
        throw fail(
          number, "a name holds the control character \(UnsafeText.name(hazard.scalar))")
      }
      return name
    }

    /// A field as quoted in a message: at most `limit` characters.
    func quoted(_ range: Range<Int>, _ limit: Int = 12) -> String {
      UnsafeText.visible(String(text(range).prefix(limit)))
    }

    func isDigits(_ range: Range<Int>, count: Int) -> Bool {
      range.count == count
        && bytes[range].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// A whole number of at most 6 digits.
    func number(_ range: Range<Int>) -> Int? {
      guard (1...6).contains(range.count) else { return nil }
      var value = 0
      for byte in bytes[range] {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }

    func day(_ range: Range<Int>) -> Day? { Day(isoBytes: bytes[range]) }

    func read(_ line: Range<Int>, number: Int) throws(UnitRegistryError) {
      if line.isEmpty || bytes[line.lowerBound] == UInt8(ascii: "#") { return }
      fields.removeAll(keepingCapacity: true)
      var start = line.lowerBound
      for index in line where bytes[index] == 0x09 {
        fields.append(start..<index)
        start = index + 1
      }
      fields.append(start..<line.upperBound)
      let kind = fields[0].count == 1 ? bytes[fields[0].lowerBound] : 0
      switch kind {
      case UInt8(ascii: "S"):
        guard fields.count == 2, let day = day(fields[1]) else {
          throw fail(number, "S needs one date (YYYY-MM-DD)")
        }
        firstDay = day
      case UInt8(ascii: "W"):
        guard fields.count == 4, let after = day(fields[2]), let by = day(fields[3]), after < by
        else { throw fail(number, "W needs an id and two dates in order") }
        let id = text(fields[1])
        windows[id] = Window(id: id, after: after, by: by)
      case UInt8(ascii: "P"):
        guard fields.count == 3, isDigits(fields[1], count: 2), !fields[2].isEmpty else {
          throw fail(number, "P needs a 2-digit province code and a name")
        }
        provinces.append(
          Province(
            code: ProvinceCode(checkedDigits: text(fields[1])), name: try name(fields[2], number)))
      case UInt8(ascii: "D"):
        guard fields.count == 3, isDigits(fields[1], count: 3), !fields[2].isEmpty else {
          throw fail(number, "D needs a 3-digit district code and a name")
        }
        districts.append(
          District(
            code: DistrictCode(checkedDigits: text(fields[1])), name: try name(fields[2], number)))
      case UInt8(ascii: "U"):
        try unit(number: number)
      default:
        throw fail(
          number, "unknown line kind \"\(quoted(fields[0], 8))\"; valid: S, W, P, D, U")
      }
    }

    func unit(number: Int) throws(UnitRegistryError) {
      guard fields.count == 10 else { throw fail(number, "a U line has 10 columns") }
      guard isDigits(fields[1], count: 5) else {
        throw fail(number, "\"\(quoted(fields[1]))\" is not a 5-digit commune code")
      }
      let code = CommuneCode(checkedDigits: text(fields[1]))
      let start: Start
      if fields[2].isEmpty {
        start = .beforeRecords
      } else if let window = try window(fields[2], number: number) {
        start = .within(window)
      } else if let day = day(fields[2]) {
        start = .on(day)
      } else {
        throw fail(number, "\(code): from \"\(quoted(fields[2]))\" is not a date")
      }
      let end: End
      if fields[3].isEmpty {
        end = .open
      } else if let window = try window(fields[3], number: number) {
        end = .within(window)
      } else if let day = day(fields[3]) {
        end = .on(day)
      } else {
        throw fail(number, "\(code): to \"\(quoted(fields[3]))\" is not a date")
      }
      let type: CommuneType
      switch fields[4].count == 1 ? bytes[fields[4].lowerBound] : 0 {
      case UInt8(ascii: "x"): type = .xa
      case UInt8(ascii: "p"): type = .phuong
      case UInt8(ascii: "t"): type = .thiTran
      case UInt8(ascii: "d"): type = .dacKhu
      default:
        throw fail(number, "\(code): type \"\(quoted(fields[4], 4))\"; valid: x, p, t, d")
      }
      guard !fields[5].isEmpty else { throw fail(number, "\(code): no name") }
      let district: District?
      if fields[6].isEmpty {
        district = nil
      } else if let index = self.number(fields[6]), districts.indices.contains(index) {
        district = districts[index]
      } else {
        throw fail(number, "\(code): district \(quoted(fields[6], 8)) is not a D line")
      }
      guard let province = self.number(fields[7]), provinces.indices.contains(province) else {
        throw fail(number, "\(code): province \(quoted(fields[7], 8)) is not a P line")
      }
      let (pending, known) = try predecessors(fields[8], of: code, number: number)
      if case .beforeRecords = start, !pending.isEmpty {
        throw fail(number, "\(code): a unit in force from the start cannot have predecessors")
      }
      units.append(
        Unit(
          code: code, start: start, end: end, type: type, name: try name(fields[5], number),
          district: district, province: provinces[province],
          predecessors: pending.map { Link(unit: -1, share: $0.share) }, predecessorsKnown: known,
          note: text(fields[9])))
      predecessors.append(pending)
      lines.append(number)
    }

    /// `CODE:w,CODE:p` with an optional final `?` (the list may be incomplete).
    func predecessors(_ range: Range<Int>, of code: CommuneCode, number: Int)
      throws(UnitRegistryError) -> ([Pending], Bool)
    {
      var pending: [Pending] = []
      var known = true
      var start = range.lowerBound
      while start < range.upperBound {
        let end =
          bytes[start..<range.upperBound].firstIndex(of: UInt8(ascii: ",")) ?? range.upperBound
        let item = start..<end
        start = end + 1
        if item.count == 1, bytes[item.lowerBound] == UInt8(ascii: "?") {
          known = false
          continue
        }
        let codePart = item.lowerBound..<min(item.lowerBound + 5, item.upperBound)
        guard item.count == 7, isDigits(codePart, count: 5),
          bytes[item.lowerBound + 5] == UInt8(ascii: ":"),
          let share: Share = bytes[item.lowerBound + 6] == UInt8(ascii: "w")
            ? .whole : bytes[item.lowerBound + 6] == UInt8(ascii: "p") ? .partial : nil
        else {
          throw fail(number, "\(code): predecessor \"\(quoted(item))\" is not CODE:w or CODE:p")
        }
        pending.append(Pending(code: CommuneCode(checkedDigits: text(codePart)), share: share))
      }
      return (pending, known)
    }

    /// `~ID`: a declared window; `nil` when the field is not a window reference.
    func window(_ range: Range<Int>, number: Int) throws(UnitRegistryError) -> Window? {
      guard !range.isEmpty, bytes[range.lowerBound] == UInt8(ascii: "~") else { return nil }
      guard let window = windows[text(range.dropFirst())] else {
        throw fail(number, "window \(quoted(range, 8)) is not declared by a W line")
      }
      return window
    }
  }
}

/// The registries read in this process, by file name and content digest (a few at most).
enum RegistryCache {
  struct Key: Hashable, Sendable {
    var file: String
    var sha256: String
  }
  static let capacity = 4
  static let shared = Mutex<[Key: UnitRegistry]>([:])
}
