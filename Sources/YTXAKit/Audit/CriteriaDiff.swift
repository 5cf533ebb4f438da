import YTXAFormats

/// What changed between two criteria files, field by field: the set's identity and other
/// top-level fields, the pass rule, each criterion, and each indicator (matched by number,
/// wherever it stands).
///
/// Both files must load as criteria sets (the diff of an invalid file would describe rules
/// nobody can score with). The comparison is of the files as written, so that every field a
/// council member can edit is covered, including ones the engine only carries (provenance,
/// notes, English names): numbers are compared by exact value (`95` and `95.0` are the same),
/// text by canonical equivalence (NFC and NFD are the same), choices and checklist items by
/// their `key`, regions by `code`, bands and other lists by position.
public struct CriteriaDiff: Sendable {
  /// One changed field: its path inside the indicator (or set, or pass rule), as in the file
  /// (`bandsByZone.1[0].threshold`, `items.kien_toan.points`), and its values (`nil`: absent).
  public struct Change: Sendable, Equatable {
    public var field: String
    package var old: JSONValue?
    package var new: JSONValue?
    /// The path's parts, for rendering.
    package var path: [PathPart]
  }

  /// A part of a field path: an object key, a list position, or a list entry's key.
  package enum PathPart: Sendable, Equatable {
    case key(String)
    case index(Int)
    case entry(String)
  }

  /// The changes of one criterion or indicator.
  public struct Entry: Sendable {
    public var id: String
    public var changes: [Change]
    /// The entry as written in each file (`nil`: not in that file), for rendering.
    package var old: JSONValue? = nil
    package var new: JSONValue? = nil
  }

  /// The two sets as loaded.
  public let old: CriteriaSet
  public let new: CriteriaSet
  /// Changes to the set's own fields (everything but the pass rule and the criteria).
  public let setFields: [Change]
  public let passRule: [Change]
  /// Criteria whose own fields changed (name, points, …), in the new set's order.
  public let criteria: [Entry]
  /// Indicators that changed, were added or removed, by number.
  public let indicators: [Entry]

  /// Whether the two files state the same rules and the same facts.
  public var isIdentical: Bool {
    setFields.isEmpty && passRule.isEmpty && criteria.isEmpty && indicators.isEmpty
  }

  /// Reads, validates and compares two criteria files, taking each as given (its id is never
  /// looked up in the bundle).
  public init(oldPath: String, newPath: String) throws(CriteriaError) {
    let (oldSet, oldTree) = try Self.load(oldPath)
    let (newSet, newTree) = try Self.load(newPath)
    self.init(old: oldSet, oldTree: oldTree, new: newSet, newTree: newTree)
  }

  init(old: CriteriaSet, oldTree: JSONObject, new: CriteriaSet, newTree: JSONObject) {
    self.old = old
    self.new = new
    var setChanges: [Change] = []
    let own = { (object: JSONObject) in
      JSONObject(members: object.members.filter { $0.key != "passRule" && $0.key != "criteria" })
    }
    Self.compare(.object(own(oldTree)), .object(own(newTree)), at: [], into: &setChanges)
    setFields = setChanges
    var ruleChanges: [Change] = []
    Self.compare(oldTree["passRule"], newTree["passRule"], at: [], into: &ruleChanges)
    passRule = ruleChanges
    let oldCriteria = Self.entries(oldTree["criteria"])
    let newCriteria = Self.entries(newTree["criteria"])
    criteria = Self.pair(oldCriteria, newCriteria).compactMap { id, before, after in
      var changes: [Change] = []
      let withoutIndicators = { (value: JSONValue?) -> JSONValue? in
        guard case .object(let object)? = value else { return value }
        return .object(JSONObject(members: object.members.filter { $0.key != "indicators" }))
      }
      Self.compare(withoutIndicators(before), withoutIndicators(after), at: [], into: &changes)
      Self.nameWhole(&changes, "criterion")
      return changes.isEmpty ? nil : Entry(id: id, changes: changes)
    }
    let oldIndicators = Self.indicatorEntries(oldCriteria)
    let newIndicators = Self.indicatorEntries(newCriteria)
    indicators = Self.pair(oldIndicators, newIndicators).compactMap { id, before, after in
      var changes: [Change] = []
      Self.compare(before.map(\.value), after.map(\.value), at: [], into: &changes)
      Self.nameWhole(&changes, "indicator")
      if let before, let after, before.criterion != after.criterion {
        changes.insert(
          Change(
            field: "criterion", old: .string(before.criterion), new: .string(after.criterion),
            path: [.key("criterion")]), at: 0)
      }
      return changes.isEmpty
        ? nil : Entry(id: id, changes: changes, old: before?.value, new: after?.value)
    }.sorted { Self.numberOrder($0.id, $1.id) }
  }

  static func load(_ path: String) throws(CriteriaError) -> (CriteriaSet, JSONObject) {
    let bytes = try readDefinition(path)
    let set = try CriteriaSet(data: bytes, path: path)
    // It loaded, so it parses into an object.
    guard case .object(let tree)? = try? JSONParser.parse(bytes) else {
      throw .invalid(file: OSName.display(path), problems: [])
    }
    return (set, tree)
  }

  /// A list of objects with an `id`, as `(id, object)` pairs in order.
  static func entries(_ value: JSONValue?) -> [(id: String, value: JSONValue)] {
    guard case .array(let list)? = value else { return [] }
    return list.compactMap { item in
      guard case .object(let object) = item, let id = object["id"]?.stringValue else { return nil }
      return (id, item)
    }
  }

  /// Every indicator of the criteria, with the criterion holding it.
  static func indicatorEntries(_ criteria: [(id: String, value: JSONValue)]) -> [(
    id: String, value: (criterion: String, value: JSONValue)
  )] {
    criteria.flatMap { criterion in
      entries(criterion.value.objectValue?["indicators"]).map {
        (id: $0.id, value: (criterion: criterion.id, value: $0.value))
      }
    }
  }

  /// Pairs entries by id: the new list's order, then those only in the old list.
  static func pair<Value>(
    _ old: [(id: String, value: Value)], _ new: [(id: String, value: Value)]
  ) -> [(String, Value?, Value?)] {
    var before: [String: Value] = [:]
    for entry in old where before[entry.id] == nil { before[entry.id] = entry.value }
    var seen: Set<String> = []
    var pairs: [(String, Value?, Value?)] = []
    for entry in new where seen.insert(entry.id).inserted {
      pairs.append((entry.id, before[entry.id], entry.value))
    }
    for entry in old where seen.insert(entry.id).inserted {
      pairs.append((entry.id, entry.value, nil))
    }
    return pairs
  }

  /// `"2" < "10"`: numbers by value, anything else after them by text.
  static func numberOrder(_ a: String, _ b: String) -> Bool {
    switch (Int(a), Int(b)) {
    case (let x?, let y?): x < y
    case (.some, nil): true
    case (nil, .some): false
    case (nil, nil): a < b
    }
  }

  /// The key that identifies an entry of a list of objects: choices and items by `key`,
  /// regions by `code` (every object of the list must have it, each once).
  static func entryKey(_ list: [JSONValue]) -> String? {
    for name in ["key", "code"] {
      let keys = list.compactMap { $0.objectValue?[name]?.stringValue }
      if !list.isEmpty, keys.count == list.count, Set(keys).count == keys.count { return name }
    }
    return nil
  }

  /// Appends every difference between two values at `path`.
  static func compare(
    _ old: JSONValue?, _ new: JSONValue?, at path: [PathPart], into changes: inout [Change]
  ) {
    switch (old, new) {
    case (.object(let a)?, .object(let b)?):
      var keys = a.keys
      for key in b.keys where a[key] == nil { keys.append(key) }
      for key in keys { compare(a[key], b[key], at: path + [.key(key)], into: &changes) }
    case (.array(let a)?, .array(let b)?)
    where a.contains(where: isContainer)
      || b.contains(where: isContainer):
      if let name = entryKey(a), entryKey(b) == name {
        let keyed = { (list: [JSONValue]) in
          list.map { (id: $0.objectValue?[name]?.stringValue ?? "", value: $0) }
        }
        for (key, before, after) in pair(keyed(a), keyed(b)) {
          compare(before, after, at: path + [.entry(key)], into: &changes)
        }
      } else {
        for index in 0..<max(a.count, b.count) {
          compare(
            index < a.count ? a[index] : nil, index < b.count ? b[index] : nil,
            at: path + [.index(index)], into: &changes)
        }
      }
    case (.array(let a)?, .array(let b)?):
      // A list of plain values (zones, confirmed parts) changes as a whole.
      guard a.count != b.count || zip(a, b).contains(where: { !same($0, $1) }) else { return }
      changes.append(Change(field: fieldName(path), old: old, new: new, path: path))
    default:
      guard !same(old, new) else { return }
      changes.append(Change(field: fieldName(path), old: old, new: new, path: path))
    }
  }

  static func isContainer(_ value: JSONValue) -> Bool {
    switch value {
    case .array, .object: true
    default: false
    }
  }

  /// Whether two scalar values (or absences) are the same.
  static func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case (.number(let x)?, .number(let y)?):
      x == y || (ExactDecimal(literal: x).map { v in ExactDecimal(literal: y) == v } ?? false)
    // Swift compares strings by canonical equivalence: NFC and NFD spellings are equal.
    case (.string(let x)?, .string(let y)?): x == y
    default: a == b
    }
  }

  /// Names the change of a whole entry (added or removed) after what it is.
  static func nameWhole(_ changes: inout [Change], _ name: String) {
    for index in changes.indices where changes[index].path.isEmpty {
      changes[index].field = name
    }
  }

  /// `bandsByZone.1[0].threshold`.
  static func fieldName(_ path: [PathPart]) -> String {
    var text = ""
    for part in path {
      switch part {
      case .key(let key), .entry(let key): text += (text.isEmpty ? "" : ".") + key
      case .index(let index): text += "[\(index)]"
      }
    }
    return text
  }
}
