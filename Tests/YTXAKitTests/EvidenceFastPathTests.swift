import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// The batch's fast evidence reader must agree with the general path: whatever it accepts, the
/// general path accepts with the same ``Evidence``; what it declines goes the general way.
@Suite("Evidence fast path")
struct EvidenceFastPathTests {
  static let set: CriteriaSet = {
    do {
      return try TestSets.bundled()
    } catch {
      fatalError("the bundled criteria set does not load: \(error)")
    }
  }()

  static func resolve(_ id: String) -> CriteriaSet? { id == set.id ? set : nil }

  /// The general path's evidence for `bytes`, or `nil` when it rejects them.
  static func general(_ bytes: [UInt8]) -> Evidence? {
    guard let document = try? EvidenceDocument(data: bytes, file: "f.json"),
      let id = document.criteriaSetID, let set = resolve(id)
    else { return nil }
    return try? Evidence(document: document, criteria: set)
  }

  static func sampleFiles() throws -> [URL] {
    let folder = TestSets.root.appendingPathComponent("Samples/bac-giang")
    let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    var files: [URL] = []
    while let url = walker?.nextObject() as? URL {
      if url.pathExtension == "json" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
  }

  @Test("every bundled sample takes the fast path and reads exactly as on the general path")
  func samples() throws {
    let files = try Self.sampleFiles()
    #expect(files.count >= 12)
    for url in files {
      let bytes = Array(try Data(contentsOf: url))
      let fast = EvidenceFastPath.read(bytes, file: "f.json", resolve: Self.resolve)
      let general = Self.general(bytes)
      #expect(general != nil, "\(url.lastPathComponent)")
      #expect(fast?.evidence.evidence(criteria: Self.set) == general, "\(url.lastPathComponent)")
    }
  }

  @Test("on mutated files (6,000 if long), what the fast path accepts the general path reads alike")
  func mutations() throws {
    let bases = try Self.sampleFiles().map { url -> JSONValue in
      try JSONParser.parse(Array(try Data(contentsOf: url)))
    }
    var random = SeededGenerator(seed: 1300)
    var fastAccepted = 0
    var generalAccepted = 0
    var bothAccepted = 0
    let rounds = LongTests.count(1500, long: 6000)
    for round in 0..<rounds {
      var value = bases[round % bases.count]
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        value = Mutation.apply(to: value, &random)
      }
      var bytes = Serializer.bytes(
        value, pretty: Bool.random(using: &random),
        escapeNonASCII: Int.random(in: 0..<5, using: &random) == 0)
      if Int.random(in: 0..<6, using: &random) == 0 {
        Mutation.damage(&bytes, &random)
      }
      let fast = EvidenceFastPath.read(bytes, file: "f.json", resolve: Self.resolve)
      let general = Self.general(bytes)
      if fast != nil { fastAccepted += 1 }
      if general != nil { generalAccepted += 1 }
      if let fast {
        #expect(
          fast.evidence.evidence(criteria: Self.set) == general,
          "round \(round): \(String(decoding: bytes, as: UTF8.self))")
        if let general {
          bothAccepted += 1
          // And back: the general path's evidence by position is the fast path's.
          #expect(PositionalEvidence(general, criteria: Self.set) == fast.evidence)
        }
      }
    }
    // The mutations reach both outcomes, and the fast path takes most of what is valid.
    #expect(generalAccepted * 6 > rounds && generalAccepted * 6 < rounds * 5)
    #expect(bothAccepted == fastAccepted)
    #expect(fastAccepted * 10 >= generalAccepted * 6)
  }

  @Test("every rule's counterexamples are refused by both paths, at the field they break")
  func ruleCounterexamples() throws {
    let sample = try JSONParser.parse(
      Array(
        try Data(
          contentsOf: TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json"))))
    let original = Serializer.bytes(sample, pretty: true, escapeNonASCII: false)
    #expect(EvidenceFastPath.read(original, file: "f.json", resolve: Self.resolve) != nil)
    for rule in EvidenceRule.allCases {
      #expect(!rule.counterexamples.isEmpty, "\(rule) has no counterexample")
      for counterexample in rule.counterexamples {
        let edited = Mutation.apply(counterexample, to: sample)
        #expect(edited != sample, "\(rule): \(counterexample.path) does not change the sample")
        let bytes = Serializer.bytes(edited, pretty: true, escapeNonASCII: false)
        let label =
          "\(rule) \(counterexample.path.joined(separator: ".")) = "
          + (counterexample.json ?? "(removed)")
        let fastAccepts = EvidenceFastPath.read(bytes, file: "f.json", resolve: Self.resolve) != nil
        let generalAccepts = Self.general(bytes) != nil
        #expect(!fastAccepts, "the fast path accepts \(label)")
        #expect(!generalAccepts, "the general path accepts \(label)")
        // The general path names the field (for a set it cannot find, the set).
        if rule != .criteriaSet {
          let set = Self.set
          do {
            _ = try Evidence(data: bytes, file: "f.json", criteria: set)
          } catch {
            let field = counterexample.path.joined(separator: ".")
            let fields: [String]
            if case .invalid(_, _, let problems) = error {
              fields = problems.map(\.field)
            } else {
              fields = []
            }
            #expect(
              fields.contains { $0.hasPrefix(field) || field.hasPrefix($0) },
              "\(label): \(error.lines)")
          }
        }
      }
    }
  }

  @Test("reading a few members of an object agrees with parsing it whole")
  func selectiveParse() throws {
    let bases = try Self.sampleFiles().map { url -> JSONValue in
      try JSONParser.parse(Array(try Data(contentsOf: url)))
    }
    var random = SeededGenerator(seed: 2030)
    var bothRead = 0
    let rounds = LongTests.count(500, long: 2000)
    for round in 0..<rounds {
      let value = Mutation.apply(to: bases[round % bases.count], &random)
      var bytes = Serializer.bytes(
        value, pretty: Bool.random(using: &random),
        escapeNonASCII: Int.random(in: 0..<4, using: &random) == 0)
      if Int.random(in: 0..<3, using: &random) == 0 { Mutation.damage(&bytes, &random) }
      let keeping = ["commune", "year"]
      var whole: JSONValue?
      var wholeError: JSONParser.SyntaxError?
      do {
        whole = try JSONParser.parse(bytes)
      } catch {
        wholeError = error
      }
      let selected = try? JSONParser.parseObject(bytes, keeping: keeping)
      if case .object(let object)? = whole {
        // Whatever parses whole parses selectively, to the same kept members.
        #expect(selected?.members == object.members.filter { keeping.contains($0.key) })
        bothRead += 1
      } else if selected != nil {
        // Only a duplicate key inside a skipped member may pass unnoticed.
        #expect(wholeError?.message.english.hasPrefix("duplicate key") == true, "round \(round)")
      }
    }
    #expect(bothRead * 4 > rounds)
  }

  @Test("a null province or documents is read as absent on both paths")
  func optionalNulls() throws {
    let url = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json")
    guard case .object(var root) = try JSONParser.parse(Array(try Data(contentsOf: url))),
      let communeIndex = root.members.firstIndex(where: { $0.key == "commune" }),
      case .object(var commune) = root.members[communeIndex].value,
      let provinceIndex = commune.members.firstIndex(where: { $0.key == "province" }),
      let documentsIndex = root.members.firstIndex(where: { $0.key == "documents" })
    else {
      Issue.record("the sample does not have the expected shape")
      return
    }
    commune.members[provinceIndex].value = .null
    root.members[communeIndex].value = .object(commune)
    root.members[documentsIndex].value = .null
    let bytes = Serializer.bytes(.object(root), pretty: true, escapeNonASCII: false)
    let fast = EvidenceFastPath.read(bytes, file: "f.json", resolve: Self.resolve)
    let general = Self.general(bytes)
    #expect(fast != nil)
    #expect(general?.commune.province == nil && general?.documents.isEmpty == true)
    #expect(fast?.evidence.evidence(criteria: Self.set) == general)
  }

  @Test("a file with sorted keys, a BOM and escapes still takes the fast path")
  func sortedKeysAndEscapes() throws {
    let url = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json")
    let value = try JSONParser.parse(Array(try Data(contentsOf: url)))
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    bytes += Serializer.bytes(Mutation.sortedKeys(value), pretty: true, escapeNonASCII: true)
    let fast = EvidenceFastPath.read(bytes, file: "f.json", resolve: Self.resolve)
    #expect(fast != nil)
    #expect(fast?.evidence.evidence(criteria: Self.set) == Self.general(bytes))
  }
}

/// Writes a JSON value keeping the members' order (the library's writer sorts keys).
enum Serializer {
  static func bytes(_ value: JSONValue, pretty: Bool, escapeNonASCII: Bool) -> [UInt8] {
    var out: [UInt8] = []
    write(value, to: &out, indent: 0, pretty: pretty, escape: escapeNonASCII)
    return out
  }

  static func write(
    _ value: JSONValue, to out: inout [UInt8], indent: Int, pretty: Bool, escape: Bool
  ) {
    func newline(_ level: Int) {
      if pretty { out += [10] + Array(repeating: 32, count: level * 2) }
    }
    switch value {
    case .null: out += Array("null".utf8)
    case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
    case .number(let literal): out += Array(literal.utf8)
    case .string(let text): string(text, to: &out, escape: escape)
    case .array(let elements):
      out.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        write(element, to: &out, indent: indent + 1, pretty: pretty, escape: escape)
      }
      if !elements.isEmpty { newline(indent) }
      out.append(UInt8(ascii: "]"))
    case .object(let object):
      out.append(UInt8(ascii: "{"))
      for (index, member) in object.members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        string(member.key, to: &out, escape: escape)
        out += Array((pretty ? ": " : ":").utf8)
        write(member.value, to: &out, indent: indent + 1, pretty: pretty, escape: escape)
      }
      if !object.members.isEmpty { newline(indent) }
      out.append(UInt8(ascii: "}"))
    }
  }

  static func string(_ text: String, to out: inout [UInt8], escape: Bool) {
    guard escape else {
      out += JSONOutput.string(text).bytes(pretty: false)
      return
    }
    out.append(UInt8(ascii: "\""))
    for unit in text.utf16 {
      // Non-ASCII, and also "e" and "1", so that keys such as "numerator" and "1" are escaped.
      if unit < 0x80, unit >= 0x20, unit != 0x22, unit != 0x5C, unit != 0x65, unit != 0x31 {
        out.append(UInt8(unit))
      } else {
        let hex = String(unit, radix: 16)
        out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

/// Random changes to an evidence file: each keeps it valid or breaks it in one specific way.
enum Mutation {
  static let replacements: [JSONValue] = [
    .null, .bool(true), .bool(false), .number("0"), .number("-1"), .number("1.5"),
    .number("1e2"), .number("2.0"), .number("123456789012345678901"), .number("2025"),
    .number("1"), .number("3"), .string(""), .string(" "), .string("x"),
    .string("kien_toan"), .string("co_huu"), .string("xa"), .string("phuong"),
    .string("thi_tran"), .string("TDMNPB"), .string("qd-1300-2023"), .string("Xa\u{0300}"),
    .string("\r\n"), .array([]), .array([.string("kien_toan")]),
    .array([.string("kien_toan"), .string("kien_toan")]), .object(JSONObject()),
    object(["notApplicable": .string("không có đối tượng")]),
    object(["notApplicable": .string(" ")]),
    object(["numerator": .number("5"), "denominator": .number("0")]),
    object(["numerator": .number("9"), "denominator": .number("3")]),
    object(["denominator": .number("10"), "numerator": .number("3")]),
    object(["numerator": .number("-1"), "denominator": .number("10")]),
    object(["numerator": .number("1"), "denominator": .number("10"), "note": .string("x")]),
    object(["code": .string("216"), "name": .string("Huyện Tân Yên")]),
  ]

  static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
    .object(JSONObject(members: pairs.map { JSONObject.Member(key: $0.key, value: $0.value) }))
  }

  /// `value` with a rule's counterexample applied: the member at its path replaced by its
  /// JSON, or removed (the path's objects must exist; otherwise `value` is returned unchanged).
  static func apply(_ counterexample: EvidenceRule.Counterexample, to value: JSONValue)
    -> JSONValue
  {
    func edit(_ value: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
      guard let key = path.first, case .object(var object) = value else { return value }
      let index = object.members.firstIndex { $0.key == key }
      if path.count > 1 {
        guard let index else { return value }
        object.members[index].value = edit(object.members[index].value, path.dropFirst())
        return .object(object)
      }
      guard let json = counterexample.json else {
        if let index { object.members.remove(at: index) }
        return .object(object)
      }
      guard let replacement = try? JSONParser.parse(Array(json.utf8)) else { return value }
      if let index {
        object.members[index].value = replacement
      } else {
        object.members.append(.init(key: key, value: replacement))
      }
      return .object(object)
    }
    return edit(value, counterexample.path[...])
  }

  /// Every counterexample of every rule.
  static let counterexamples = EvidenceRule.allCases.flatMap(\.counterexamples)

  static func apply(to value: JSONValue, _ random: inout SeededGenerator) -> JSONValue {
    // One mutation in four breaks a rule of the rule table on purpose: a new rule is exercised
    // by construction.
    if Int.random(in: 0..<4, using: &random) == 0 {
      return apply(counterexamples.randomElement(using: &random)!, to: value)
    }
    var paths: [[Int]] = []
    collect(value, path: [], into: &paths)
    let path = paths[Int.random(in: 0..<paths.count, using: &random)]
    return modify(value, at: path[...]) { target in
      switch Int.random(in: 0..<7, using: &random) {
      case 0:  // replace the value
        return replacements[Int.random(in: 0..<replacements.count, using: &random)]
      case 1:  // drop a member
        guard case .object(var object) = target, !object.members.isEmpty else { return target }
        object.members.remove(at: Int.random(in: 0..<object.members.count, using: &random))
        return .object(object)
      case 2:  // an unknown key, or a number key that is not an indicator
        guard case .object(var object) = target else { return target }
        let key = ["ghiChu", "48", "07", "0", "+1"][Int.random(in: 0..<5, using: &random)]
        if !object.members.contains(where: { $0.key == key }) {
          object.members.append(.init(key: key, value: .bool(true)))
        }
        return .object(object)
      case 3:  // reorder the members
        guard case .object(var object) = target else { return target }
        object.members.shuffle(using: &random)
        return .object(object)
      case 4:  // decompose every string (NFD)
        return decomposed(target)
      case 5:  // a commune type whose indicators do not all apply
        guard case .object(var object) = target,
          let index = object.members.firstIndex(where: { $0.key == "type" })
        else { return target }
        object.members[index].value = .string(Bool.random(using: &random) ? "phuong" : "thi_tran")
        return .object(object)
      default:  // a duplicate key (a syntax error on both paths)
        guard case .object(var object) = target, let first = object.members.first else {
          return target
        }
        object.members.append(first)
        return .object(object)
      }
    }
  }

  static func collect(_ value: JSONValue, path: [Int], into paths: inout [[Int]]) {
    paths.append(path)
    switch value {
    case .object(let object):
      for (index, member) in object.members.enumerated() {
        collect(member.value, path: path + [index], into: &paths)
      }
    case .array(let elements):
      for (index, element) in elements.enumerated() {
        collect(element, path: path + [index], into: &paths)
      }
    default: break
    }
  }

  static func modify(
    _ value: JSONValue, at path: ArraySlice<Int>, _ change: (JSONValue) -> JSONValue
  ) -> JSONValue {
    guard let first = path.first else { return change(value) }
    switch value {
    case .object(var object):
      object.members[first].value = modify(
        object.members[first].value, at: path.dropFirst(), change)
      return .object(object)
    case .array(var elements):
      elements[first] = modify(elements[first], at: path.dropFirst(), change)
      return .array(elements)
    default:
      return value
    }
  }

  static func sortedKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let elements): .array(elements.map(sortedKeys))
    case .object(let object):
      .object(
        JSONObject(
          members: object.members.sorted { $0.key < $1.key }.map {
            .init(key: $0.key, value: sortedKeys($0.value))
          }))
    default: value
    }
  }

  static func decomposed(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text): .string(text.decomposedStringWithCanonicalMapping)
    case .array(let elements): .array(elements.map(decomposed))
    case .object(let object):
      .object(
        JSONObject(
          members: object.members.map {
            .init(key: $0.key.decomposedStringWithCanonicalMapping, value: decomposed($0.value))
          }))
    default: value
    }
  }

  /// Byte damage: a byte dropped, doubled or replaced, or the file cut short.
  static func damage(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
    guard !bytes.isEmpty else { return }
    let index = Int.random(in: 0..<bytes.count, using: &random)
    switch Int.random(in: 0..<4, using: &random) {
    case 0: bytes.remove(at: index)
    case 1: bytes.insert(bytes[index], at: index)
    case 2:
      let replacements: [UInt8] = Array("{}[],:\"\\0 a".utf8) + [0x7F, 0xC3, 0xFF, 0x09]
      bytes[index] = replacements[Int.random(in: 0..<replacements.count, using: &random)]
    default: bytes.removeSubrange(index...)
    }
  }
}
