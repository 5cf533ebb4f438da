import YTXAFormats

extension IndicatorLoader {
  static func loadScale(
    _ reader: FieldReader, isCount: Bool, context: Context, into problems: inout [FieldProblem]
  ) -> Indicator.Scale? {
    let directionText = reader.string("direction", into: &problems)
    var direction: Indicator.Direction?
    if let directionText {
      direction = Indicator.Direction(rawValue: directionText)
      if direction == nil {
        problems.append(
          FieldProblem(
            path: reader.child("direction"),
            message: Message(
              "không có \"\(directionText)\"; hợp lệ: higherIsBetter, lowerIsBetter",
              "unknown \"\(directionText)\"; valid: higherIsBetter, lowerIsBetter")))
      }
    }
    var words: [String] = []
    for key in ["unit", "unitEnglish"] {
      guard let value = reader.object[key] else {
        words.append("")
        continue
      }
      words.append(value.stringValue ?? "")
      if value.stringValue == nil {
        problems.append(
          FieldProblem(
            path: reader.child(key), message: Message("phải là một chuỗi", "must be a string")))
      }
    }
    let unit = Indicator.UnitName(words[0], english: words[1].isEmpty ? nil : words[1])
    let present = ["bands", "bandsByZone", "bandsByRegion"].filter { reader.object[$0] != nil }
    guard present.count == 1 else {
      problems.append(
        FieldProblem(
          path: reader.child("bands"),
          message: present.isEmpty
            ? Message(
              "ghi đúng một trong bands, bandsByZone, bandsByRegion",
              "give exactly one of bands, bandsByZone, bandsByRegion")
            : Message("chỉ ghi một trong ", "give only one of ") + present.joined(separator: ", ")))
      return nil
    }
    guard let direction else { return nil }
    // Read once in `load`; re-reading here would report an invalid value twice.
    let indicatorPoints = context.indicatorPoints ?? Points(halves: Int.max / 4)
    let read: (JSONValue, String, inout [FieldProblem]) -> [Indicator.Band]? = {
      value, path, problems in
      loadBands(
        value, path: path, direction: direction, isCount: isCount, maximum: indicatorPoints,
        into: &problems)
    }
    let table: Indicator.BandTable?
    switch present[0] {
    case "bands":
      table = reader.object["bands"].flatMap { read($0, reader.child("bands"), &problems) }
        .map { .plain($0) }
    case "bandsByZone":
      let tables = loadKeyed(
        reader, key: "bandsByZone", expected: context.zones.map(String.init),
        what: Message("vùng", "vùng"),
        read: read, into: &problems)
      table = tables.map { tables in
        .byZone(
          Dictionary(
            uniqueKeysWithValues: tables.compactMap { key, value in
              Int(key).map { ($0, value) }
            }))
      }
    default:
      table = loadKeyed(
        reader, key: "bandsByRegion", expected: context.regions,
        what: Message("vùng miền", "region"), read: read,
        into: &problems
      ).map { .byRegion($0) }
    }
    guard let table else { return nil }
    return .init(unit: unit, direction: direction, bands: table)
  }

  static func loadKeyed(
    _ reader: FieldReader, key: String, expected: [String], what: Message,
    read: (JSONValue, String, inout [FieldProblem]) -> [Indicator.Band]?,
    into problems: inout [FieldProblem]
  ) -> [String: [Indicator.Band]]? {
    guard let object = reader.objectReader(key, into: &problems) else { return nil }
    var tables: [String: [Indicator.Band]] = [:]
    for member in object.object.members {
      guard expected.contains(member.key) else {
        problems.append(
          FieldProblem(
            path: object.child(member.key),
            message: Message(
              "không có \(what.vietnamese) \"\(member.key)\"; bộ tiêu chí khai ",
              "unknown \(what.english) \"\(member.key)\"; the set declares ")
              + expected.joined(separator: ", ")))
        continue
      }
      if let bands = read(member.value, object.child(member.key), &problems) {
        tables[member.key] = bands
      }
    }
    for missing in expected where object.object[missing] == nil {
      problems.append(
        FieldProblem(
          path: object.child(missing),
          message: Message(
            "không có thang điểm cho \(what.vietnamese) \(missing)",
            "no bands for \(what.english) \(missing)")))
    }
    return tables
  }

  static func loadBands(
    _ value: JSONValue, path: String, direction: Indicator.Direction, isCount: Bool,
    maximum: Points, into problems: inout [FieldProblem]
  ) -> [Indicator.Band]? {
    guard case .array(let array) = value else {
      problems.append(
        FieldProblem(
          path: path, message: Message("phải là một mảng các mức", "must be an array of bands")))
      return nil
    }
    if array.isEmpty { problems.append(FieldProblem(path: path, message: .mustNotBeEmpty)) }
    var bands: [Indicator.Band] = []
    for (index, element) in array.enumerated() {
      let bandPath = "\(path)[\(index)]"
      guard let object = element.objectValue else {
        problems.append(
          FieldProblem(
            path: bandPath, message: .mustBeAnObject))
        continue
      }
      let item = FieldReader(object, path: bandPath)
      item.rejectUnknownKeys(allowed: ["threshold", "points"], into: &problems)
      guard let threshold = item.decimal("threshold", into: &problems),
        let points = item.points("points", into: &problems)
      else { continue }
      if threshold < ExactDecimal(0) {
        problems.append(
          FieldProblem(
            path: item.child("threshold"), message: Message("không được âm", "must not be negative")
          ))
      }
      if isCount, !threshold.isInteger {
        problems.append(
          FieldProblem(
            path: item.child("threshold"),
            message: Message(
              "ngưỡng của chỉ tiêu đếm phải là số nguyên", "a count threshold must be whole")))
      }
      if points == .zero || maximum < points {
        problems.append(
          FieldProblem(
            path: item.child("points"),
            message: Message(
              "phải lớn hơn 0 và không quá \(maximum) điểm của chỉ tiêu, gặp \(points)",
              "must be more than 0 and at most the indicator's \(maximum) points, found \(points)"))
        )
      }
      if let previous = bands.last {
        let thresholdsOrdered =
          direction == .higherIsBetter
          ? threshold < previous.threshold : previous.threshold < threshold
        if !thresholdsOrdered || !(points < previous.points) {
          problems.append(
            FieldProblem(
              path: bandPath,
              message: Message(
                "các mức phải đi từ tốt nhất xuống: mỗi ngưỡng "
                  + (direction == .higherIsBetter ? "thấp" : "cao")
                  + " hơn mức trước và mỗi mức ít điểm hơn (mức trước: "
                  + "\(previous.threshold) → \(previous.points), mức này: \(threshold) → \(points))",
                "bands must go from the best down: each threshold "
                  + (direction == .higherIsBetter ? "lower" : "higher")
                  + " than the one before and each band worth fewer points (previous: "
                  + "\(previous.threshold) → \(previous.points), this: \(threshold) → \(points))")))
        }
      }
      bands.append(.init(threshold: threshold, points: points))
    }
    return bands
  }
}
