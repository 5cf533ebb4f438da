import YTXAFormats

extension CriteriaLoader {
  static func loadPlausibility(
    _ reader: FieldReader, criteria: [Criterion], into problems: inout [FieldProblem]
  ) -> CriteriaSet.Plausibility {
    var result = CriteriaSet.Plausibility(groups: [], relations: [])
    guard let section = reader.objectReader("plausibility", required: false, into: &problems) else {
      return result
    }
    section.rejectUnknownKeys(
      allowed: ["denominatorGroups", "denominatorRelations"], into: &problems)
    let ratios = Set(
      criteria.flatMap(\.indicators).filter { $0.kind.name == "ratio" }.map(\.id))
    for (index, element) in (section.array("denominatorGroups", into: &problems) ?? []).enumerated()
    {
      let path = section.child("denominatorGroups[\(index)]")
      guard let object = element.objectValue else {
        problems.append(
          FieldProblem(path: path, message: .mustBeAnObject))
        continue
      }
      let item = FieldReader(object, path: path)
      item.rejectUnknownKeys(
        allowed: ["key", "label", "indicators", "tolerancePercent"], into: &problems)
      let key = item.string("key", into: &problems)
      let label = item.string("label", into: &problems)
      let tolerance = item.decimal("tolerancePercent", into: &problems)
      var ids: [String] = []
      for (position, value) in (item.array("indicators", into: &problems) ?? []).enumerated() {
        guard case .string(let id) = value, ratios.contains(id) else {
          problems.append(
            FieldProblem(
              path: item.child("indicators[\(position)]"),
              message: Message(
                "phải là id của một chỉ tiêu ratio trong bộ này, gặp ",
                "must be the id of a ratio indicator of this set, found ") + value.kind))
          continue
        }
        ids.append(id)
      }
      if let key, result.groups.contains(where: { $0.key == key }) {
        problems.append(
          FieldProblem(
            path: item.child("key"),
            message: Message("nhóm \"\(key)\" bị lặp", "group \"\(key)\" repeats")))
      }
      if let key, let label, let tolerance {
        result.groups.append(
          .init(key: key, label: label, indicators: ids, tolerancePercent: tolerance))
      }
    }
    let keys = result.groups.map(\.key)
    for (index, element)
      in (section.array("denominatorRelations", required: false, into: &problems)
      ?? []).enumerated()
    {
      let path = section.child("denominatorRelations[\(index)]")
      guard let object = element.objectValue else {
        problems.append(
          FieldProblem(path: path, message: .mustBeAnObject))
        continue
      }
      if let relation = loadRelation(
        FieldReader(object, path: path), groups: keys, into: &problems)
      {
        result.relations.append(relation)
      }
    }
    return result
  }

  /// A relation between two denominator groups (`keys` are the groups declared).
  static func loadRelation(
    _ item: FieldReader, groups keys: [String], into problems: inout [FieldProblem]
  ) -> CriteriaSet.Plausibility.Relation? {
    item.rejectUnknownKeys(
      allowed: ["numerator", "denominator", "minimum", "maximum", "label"], into: &problems)
    let numerator = item.string("numerator", into: &problems)
    let denominator = item.string("denominator", into: &problems)
    for (field, key) in [("numerator", numerator), ("denominator", denominator)] {
      if let key, !keys.contains(key) {
        problems.append(
          FieldProblem(
            path: item.child(field),
            message: Message("không có nhóm \"\(key)\"", "unknown group \"\(key)\"")
              + suggestion(for: key, among: keys) + Message("; các nhóm: ", "; groups: ")
              + keys.joined(separator: ", ")))
      }
    }
    let minimum = item.decimal("minimum", into: &problems)
    let maximum = item.decimal("maximum", into: &problems)
    let label = item.string("label", into: &problems)
    if let minimum, let maximum, maximum < minimum {
      problems.append(
        FieldProblem(
          path: item.child("maximum"),
          message: Message(
            "không được nhỏ hơn minimum \(minimum)", "must not be below minimum \(minimum)")))
    }
    guard let numerator, let denominator, let minimum, let maximum, let label else {
      return nil
    }
    return .init(
      numerator: numerator, denominator: denominator, minimum: minimum, maximum: maximum,
      label: label)
  }
}
