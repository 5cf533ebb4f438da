import Foundation

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
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw UnitRegistryError(file: name, line: 0, message: "not UTF-8 text")
    }
    try self.init(text: text, file: name, sha256: SHA256.hex(bytes))
  }

  /// Reads a registry from its text (format: Documentation/UnitRegistry.md) and checks it: codes
  /// and dates well formed, each code's periods in order and never overlapping, every
  /// predecessor a unit of that code that ends the day before (or in the same window).
  public init(text: String, file: String, sha256: String = "") throws(UnitRegistryError) {
    var reader = Reader(file: file)
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      try reader.read(line, number: number + 1)
    }
    guard let firstDay = reader.firstDay else {
      throw UnitRegistryError(file: file, line: 0, message: "no S line (the registry's first day)")
    }
    var units = reader.units
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
    self.sha256 = sha256
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

  /// The line-by-line reader: tables first, then units.
  struct Reader {
    struct Pending {
      var code: CommuneCode
      var share: Share
    }
    let file: String
    var firstDay: Day?
    var windows: [String: Window] = [:]
    var provinces: [Province] = []
    var districts: [District] = []
    var units: [Unit] = []
    var predecessors: [[Pending]] = []
    var lines: [Int] = []

    init(file: String) { self.file = file }

    func fail(_ number: Int, _ message: String) -> UnitRegistryError {
      UnitRegistryError(file: file, line: number, message: message)
    }

    mutating func read(_ line: Substring, number: Int) throws(UnitRegistryError) {
      if line.isEmpty || line.hasPrefix("#") { return }
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      switch fields[0] {
      case "S":
        guard fields.count == 2, let day = Day(iso: fields[1]) else {
          throw fail(number, "S needs one date (YYYY-MM-DD)")
        }
        firstDay = day
      case "W":
        guard fields.count == 4, let after = Day(iso: fields[2]), let by = Day(iso: fields[3]),
          after < by
        else { throw fail(number, "W needs an id and two dates in order") }
        windows[String(fields[1])] = Window(id: String(fields[1]), after: after, by: by)
      case "P":
        guard fields.count == 3, let code = ProvinceCode(String(fields[1])), !fields[2].isEmpty
        else { throw fail(number, "P needs a 2-digit province code and a name") }
        provinces.append(Province(code: code, name: String(fields[2])))
      case "D":
        guard fields.count == 3, let code = DistrictCode(String(fields[1])), !fields[2].isEmpty
        else { throw fail(number, "D needs a 3-digit district code and a name") }
        districts.append(District(code: code, name: String(fields[2])))
      case "U":
        try unit(fields, number: number)
      default:
        throw fail(number, "unknown line kind \"\(fields[0].prefix(8))\"; valid: S, W, P, D, U")
      }
    }

    mutating func unit(_ fields: [Substring], number: Int) throws(UnitRegistryError) {
      guard fields.count == 10 else { throw fail(number, "a U line has 10 columns") }
      guard let code = CommuneCode(String(fields[1])) else {
        throw fail(number, "\"\(fields[1].prefix(12))\" is not a 5-digit commune code")
      }
      let start: Start
      if fields[2].isEmpty {
        start = .beforeRecords
      } else if let window = try window(fields[2], number: number) {
        start = .within(window)
      } else if let day = Day(iso: fields[2]) {
        start = .on(day)
      } else {
        throw fail(number, "\(code): from \"\(fields[2].prefix(12))\" is not a date")
      }
      let end: End
      if fields[3].isEmpty {
        end = .open
      } else if let window = try window(fields[3], number: number) {
        end = .within(window)
      } else if let day = Day(iso: fields[3]) {
        end = .on(day)
      } else {
        throw fail(number, "\(code): to \"\(fields[3].prefix(12))\" is not a date")
      }
      let types: [Substring: CommuneType] = [
        "x": .xa, "p": .phuong, "t": .thiTran, "d": .dacKhu,
      ]
      guard let type = types[fields[4]] else {
        throw fail(number, "\(code): type \"\(fields[4].prefix(4))\"; valid: x, p, t, d")
      }
      guard !fields[5].isEmpty else { throw fail(number, "\(code): no name") }
      let district: District?
      if fields[6].isEmpty {
        district = nil
      } else if let index = Int(fields[6]), districts.indices.contains(index) {
        district = districts[index]
      } else {
        throw fail(number, "\(code): district \(fields[6].prefix(8)) is not a D line")
      }
      guard let province = Int(fields[7]), provinces.indices.contains(province) else {
        throw fail(number, "\(code): province \(fields[7].prefix(8)) is not a P line")
      }
      var known = true
      var pending: [Pending] = []
      for item in fields[8].split(separator: ",") {
        if item == "?" {
          known = false
          continue
        }
        let parts = item.split(separator: ":")
        guard parts.count == 2, let predecessor = CommuneCode(String(parts[0])),
          let share = parts[1] == "w" ? Share.whole : parts[1] == "p" ? Share.partial : nil
        else {
          throw fail(number, "\(code): predecessor \"\(item.prefix(12))\" is not CODE:w or CODE:p")
        }
        pending.append(Pending(code: predecessor, share: share))
      }
      if case .beforeRecords = start, !pending.isEmpty {
        throw fail(number, "\(code): a unit in force from the start cannot have predecessors")
      }
      units.append(
        Unit(
          code: code, start: start, end: end, type: type, name: String(fields[5]),
          district: district, province: provinces[province],
          predecessors: pending.map { Link(unit: -1, share: $0.share) }, predecessorsKnown: known,
          note: String(fields[9])))
      predecessors.append(pending)
      lines.append(number)
    }

    /// `~ID`: a declared window; `nil` when the text is not a window reference.
    func window(_ text: Substring, number: Int) throws(UnitRegistryError) -> Window? {
      guard text.hasPrefix("~") else { return nil }
      guard let window = windows[String(text.dropFirst())] else {
        throw fail(number, "window \(text.prefix(8)) is not declared by a W line")
      }
      return window
    }
  }
}
