import Foundation
import YTXAFormats

/// The batch's fast path: reads a well-formed evidence file straight from its bytes into
/// ``PositionalEvidence``, with no JSON tree and no dictionaries in between.
///
/// It accepts only files the general path (``JSONParser`` then
/// ``Evidence/init(document:criteria:)``) accepts, and gives the same evidence for them. On
/// anything else — a syntax error, an unknown or missing key, a `null` (but for the optional
/// `province` and `documents`), a wrong type, a value
/// out of range, a duplicate, `evidence` before `criteriaSet` or `commune` — it gives up and
/// returns `nil`, and the caller takes the general path, which writes the error messages. Strings,
/// numbers, whitespace and nesting depth are read by the parser's own code, so they mean exactly
/// what they mean there. The tests compare both paths on the samples and on thousands of mutated
/// files.
enum EvidenceFastPath {
  /// The evidence and the set it was validated against, or `nil` to take the general path.
  /// `resolve` gives the criteria set for the `criteriaSet` the file names.
  static func read(_ bytes: [UInt8], file: String, resolve: (String) -> CriteriaSet?) -> (
    evidence: PositionalEvidence, criteria: CriteriaSet
  )? {
    var reader = Reader(parser: JSONParser(bytes: bytes), file: file)
    reader.parser.skipByteOrderMark()
    do {
      return try reader.read(resolve: resolve)
    } catch {
      return nil
    }
  }

  /// Not for this path: the general path decides and explains.
  struct GiveUp: Error {}

  /// Gives up on a broken rule (the general path then says which).
  static func obey(_ violation: EvidenceRules.Violation?) throws(GiveUp) {
    if violation != nil { throw GiveUp() }
  }

  struct Reader {
    var parser: JSONParser
    let file: String

    // MARK: The document

    mutating func read(resolve: (String) -> CriteriaSet?) throws(GiveUp) -> (
      PositionalEvidence, CriteriaSet
    ) {
      try beginObject()
      var seen = Seen<EvidenceKey.Root>()
      var set: CriteriaSet?
      var year: Int?
      var assessedOn: String?
      var commune: Commune?
      var values: [EvidenceValue?]?
      var documents: [[String]?]?
      var warnings: [Message] = []
      var isFirst = true
      while let key = try nextKey(&isFirst) {
        guard let known = EvidenceKey.Root(rawValue: key) else { throw GiveUp() }
        try seen.insert(known)
        switch known {
        case .schemaVersion:
          try obey(EvidenceRules.schemaVersion(try integer()))
        case .criteriaSet:
          let id = try nonBlankString()
          guard let found = resolve(id) else { throw GiveUp() }
          try obey(EvidenceRules.criteriaSet(id, scoredWith: found))
          set = found
        case .year:
          let value = try integer()
          try obey(EvidenceRules.year(value))
          year = value
        case .assessedOn:
          assessedOn = try nonBlankString()
        case .commune:
          commune = try readCommune()
        case .evidence:
          guard let set, let commune else { throw GiveUp() }
          values = try readValues(set, commune: commune, warnings: &warnings)
        case .documents:
          // `null` is as good as absent for this optional key, as on the general path.
          if try isNull() { continue }
          guard let set else { throw GiveUp() }
          documents = try readDocuments(set)
        }
      }
      parser.skipWhitespace()
      guard parser.index == parser.bytes.count, let set, let year, let commune, let values,
        seen.contains(.schemaVersion)
      else { throw GiveUp() }
      try obey(EvidenceRules.zone(commune.zone, in: set))
      try obey(EvidenceRules.region(commune.region, in: set))
      var day: Day?
      if let assessedOn {
        day = try EvidenceRules.assessedOn(assessedOn, year: year).get(orGiveUp: ())
      }
      try obey(EvidenceRules.inForce(year: year, assessedOn: day, criteria: set))
      let evidence = PositionalEvidence(
        file: file, year: year, assessedOn: day, criteriaSetID: set.id, commune: commune,
        values: values,
        documents: documents ?? [[String]?](repeating: nil, count: set.indicators.count),
        warnings: warnings)
      return (evidence, set)
    }

    /// The commune; its vùng and region are checked against the set at the end, so that the set
    /// may be named after it (as in files written with sorted keys).
    mutating func readCommune() throws(GiveUp) -> Commune {
      try beginObject()
      var seen = Seen<EvidenceKey.Commune>()
      var code: CommuneCode?
      var name: String?
      var type: CommuneType?
      var zone: Int?
      var region: String?
      var district: District?
      var province: Province?
      var isFirst = true
      while let key = try nextKey(&isFirst) {
        guard let known = EvidenceKey.Commune(rawValue: key) else { throw GiveUp() }
        try seen.insert(known)
        switch known {
        case .code: code = try canonicalCode()
        case .name: name = try nonBlankString()
        case .type: type = try EvidenceRules.communeType(try nonBlankString()).get(orGiveUp: ())
        case .zone: zone = try integer()
        case .region: region = try nonBlankString()
        case .district:
          if try isNull() { continue }
          district = try readUnit()
        case .province:
          if try isNull() { continue }
          province = try readUnit()
        }
      }
      guard let code, let name, let type, let zone, let region else { throw GiveUp() }
      return Commune(
        code: code, name: name, type: type, zone: zone, region: region, district: district,
        province: province)
    }

    mutating func readUnit<Code: AdministrativeCode>() throws(GiveUp) -> AdministrativeUnit<Code> {
      try beginObject()
      var seen = Seen<EvidenceKey.Unit>()
      var code: Code?
      var name: String?
      var isFirst = true
      while let key = try nextKey(&isFirst) {
        guard let known = EvidenceKey.Unit(rawValue: key) else { throw GiveUp() }
        try seen.insert(known)
        switch known {
        case .code: code = try canonicalCode()
        case .name: name = try nonBlankString()
        }
      }
      guard let code, let name else { throw GiveUp() }
      return AdministrativeUnit(code: code, name: name)
    }

    /// A code that is already as ``EvidenceRules/code(_:as:)`` would hold it (anything else,
    /// a code with spaces included, goes to the general path, which normalises or explains).
    mutating func canonicalCode<Code: AdministrativeCode>() throws(GiveUp) -> Code {
      let text = try nonBlankString()
      guard case .success(let code) = EvidenceRules.code(text, as: Code.self), code.digits == text
      else { throw GiveUp() }
      return code
    }

    mutating func readValues(
      _ set: CriteriaSet, commune: Commune, warnings: inout [Message]
    ) throws(GiveUp) -> [EvidenceValue?] {
      try beginObject()
      var values = [EvidenceValue?](repeating: nil, count: set.indicators.count)
      var seen = [Bool](repeating: false, count: set.indicators.count)
      var isFirst = true
      while let position = try nextIndicatorKey(&isFirst, set) {
        guard !seen[position] else { throw GiveUp() }
        seen[position] = true
        let indicator = set.indicators[position]
        // `null` is no evidence: missing, as on the general path.
        if try isNull() { continue }
        if EvidenceRules.isIgnored(indicator, for: commune.type) {
          // Ignored with a warning, as on the general path; still read, so it must be valid JSON.
          warnings.append(EvidenceRules.ignoredWarning(indicator, commune.type))
          do {
            parser.skipWhitespace()
            _ = try parser.parseValue()
          } catch {
            throw GiveUp()
          }
          continue
        }
        values[position] = try readValue(indicator)
      }
      return values
    }

    /// The raw value of the shape `indicator` takes (anything else: give up), judged by the
    /// rules.
    mutating func readValue(_ indicator: Indicator) throws(GiveUp) -> EvidenceValue {
      let raw: EvidenceRules.RawValue
      if try peek() == UInt8(ascii: "{") {
        raw = try readObjectValue(indicator)
      } else {
        switch indicator.kind {
        case .yesNo: raw = .bool(try bool())
        case .choice: raw = .string(try string())
        case .checklist:
          try beginArray()
          var keys: [String] = []
          var isFirst = true
          while try nextElement(&isFirst) { keys.append(try string()) }
          raw = .strings(keys, positions: nil)
        case .ratio: throw GiveUp()
        case .count: raw = .integer(try integer())
        case .measure:
          guard let measure = ExactDecimal(literal: try number()) else { throw GiveUp() }
          raw = .decimal(measure)
        }
      }
      return try EvidenceRules.value(raw, indicator: indicator).get(orGiveUp: ())
    }

    /// A ratio `{"numerator": n, "denominator": d}` or a declaration `{"notApplicable": reason}`,
    /// as read.
    mutating func readObjectValue(_ indicator: Indicator) throws(GiveUp) -> EvidenceRules.RawValue {
      try beginObject()
      var numerator: Int?
      var denominator: Int?
      var reason: String?
      var isFirst = true
      while try nextMember(&isFirst) {
        // Plain ASCII keys compare as bytes; any other spelling is read as a string.
        let key: String
        if let range = try plainKey() {
          if numerator == nil, bytes(range, equal: "numerator") {
            numerator = try integer()
            continue
          }
          if denominator == nil, bytes(range, equal: "denominator") {
            denominator = try integer()
            continue
          }
          key = String(decoding: parser.bytes[range], as: UTF8.self)
        } else {
          key = try string()
          try expect(UInt8(ascii: ":"))
        }
        switch (EvidenceKey.Ratio(rawValue: key), key == EvidenceKey.notApplicable) {
        case (.numerator?, _) where numerator == nil: numerator = try integer()
        case (.denominator?, _) where denominator == nil: denominator = try integer()
        case (nil, true) where reason == nil: reason = try nonBlankString()
        default: throw GiveUp()
        }
      }
      if let reason {
        guard numerator == nil, denominator == nil else { throw GiveUp() }
        return .notApplicable(reason: reason)
      }
      guard case .ratio = indicator.kind, let numerator, let denominator else { throw GiveUp() }
      return .ratio(numerator: numerator, denominator: denominator)
    }

    mutating func readDocuments(_ set: CriteriaSet) throws(GiveUp) -> [[String]?] {
      try beginObject()
      var documents = [[String]?](repeating: nil, count: set.indicators.count)
      var isFirst = true
      while let position = try nextIndicatorKey(&isFirst, set) {
        guard documents[position] == nil else { throw GiveUp() }
        try beginArray()
        var names: [String] = []
        var isFirstName = true
        while try nextElement(&isFirstName) {
          let name = try string()
          try obey(EvidenceRules.documentName(name))
          names.append(name)
        }
        documents[position] = names
      }
      return documents
    }
  }

  /// Which known keys of one object were seen; a second sighting is a duplicate.
  private struct Seen<Key: EvidenceKey.Ordered> {
    var bits: UInt16 = 0
    /// The key's bit: its position among the cases (at most 16).
    private func bit(_ key: Key) -> UInt16 {
      var position: UInt16 = 0
      for candidate in Key.ordered {
        if candidate == key { break }
        position += 1
      }
      return 1 << position
    }
    mutating func insert(_ key: Key) throws(GiveUp) {
      let bit = bit(key)
      guard bits & bit == 0 else { throw GiveUp() }
      bits |= bit
    }
    func contains(_ key: Key) -> Bool { bits & bit(key) != 0 }
  }
}

extension Result {
  /// The value, or ``EvidenceFastPath/GiveUp`` for any failure.
  fileprivate func get(orGiveUp: Void) throws(EvidenceFastPath.GiveUp) -> Success {
    guard case .success(let value) = self else { throw EvidenceFastPath.GiveUp() }
    return value
  }
}
