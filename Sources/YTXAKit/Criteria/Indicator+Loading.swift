import YTXAFormats

/// Reads one indicator of a criteria file and checks its own invariants (bands ordered and within
/// its points, every vùng and region covered, keys unique).
enum IndicatorLoader {
  struct Context {
    var zones: [Int]
    var regions: [String]
    /// The indicator's own points once read (bands may not exceed them).
    var indicatorPoints: Points?
  }

  static let commonKeys = [
    "id", "name", "nameEnglish", "points", "kind", "knockout", "notApplicable", "provenance",
    "note",
  ]
  static let bandKeys = [
    "direction", "unit", "unitEnglish", "bands", "bandsByZone", "bandsByRegion",
  ]

  static func load(
    _ reader: FieldReader, criterionID: String, context: Context,
    into problems: inout [FieldProblem]
  ) -> Indicator? {
    let id = reader.string("id", into: &problems)
    let name = reader.string("name", into: &problems)
    let points = reader.points("points", into: &problems)
    var context = context
    context.indicatorPoints = points
    let knockout = reader.bool("knockout", into: &problems)
    let note = reader.string("note", required: false, into: &problems)
    let provenance = loadProvenance(reader, into: &problems)
    let notApplicable = loadNotApplicable(reader, into: &problems)
    let kindName = reader.string("kind", into: &problems)
    var kind: Indicator.Kind?
    switch kindName {
    case "yesNo":
      reader.rejectUnknownKeys(allowed: commonKeys, into: &problems)
      kind = .yesNo
    case "choice", "checklist":
      let key = kindName == "choice" ? "choices" : "items"
      reader.rejectUnknownKeys(allowed: commonKeys + [key], into: &problems)
      if let options = loadOptions(reader, key: key, into: &problems) {
        kind = kindName == "choice" ? .choice(options) : .checklist(options)
      }
    case "ratio":
      reader.rejectUnknownKeys(
        allowed: commonKeys + bandKeys + ["ratioUnit", "numerator", "denominator"], into: &problems)
      kind = loadRatio(reader, context: context, into: &problems).map { .ratio($0) }
    case "count", "measure":
      reader.rejectUnknownKeys(allowed: commonKeys + bandKeys, into: &problems)
      let scale = loadScale(reader, isCount: kindName == "count", context: context, into: &problems)
      kind = scale.map { kindName == "count" ? .count($0) : .measure($0) }
    case let other?:
      problems.append(
        FieldProblem(
          path: reader.child("kind"),
          message: Message(
            "không có loại \"\(other)\"; các loại hợp lệ: ",
            "unknown kind \"\(other)\"; valid kinds: ")
            + "yesNo, choice, checklist, ratio, count, measure"))
    case nil: break
    }
    if let notApplicable, notApplicable.zeroDenominator, let kind, kind.name != "ratio" {
      problems.append(
        FieldProblem(
          path: reader.child("notApplicable.zeroDenominator"),
          message: Message(
            "chỉ loại ratio mới có mẫu số; chỉ tiêu này thuộc loại \(kind.name)",
            "only a ratio has a denominator; this indicator is a \(kind.name)")))
    }
    guard let id, let name, let points, let knockout, let provenance, let notApplicable, let kind
    else { return nil }
    let indicator = Indicator(
      id: id, criterionID: criterionID, name: name,
      nameEnglish: reader.string("nameEnglish", required: false, into: &problems),
      points: points, kind: kind,
      isKnockout: knockout, notApplicable: notApplicable, provenance: provenance, note: note)
    let best = indicator.bestPoints
    if best != points {
      problems.append(
        FieldProblem(
          path: reader.child("points"),
          message: Message(
            "chỉ tiêu \(id) có \(points) điểm nhưng mức cao nhất chỉ được \(best)",
            "indicator \(id) is worth \(points) points but its best evidence earns \(best)")))
    }
    return indicator
  }

  static func loadProvenance(_ reader: FieldReader, into problems: inout [FieldProblem])
    -> Indicator.Provenance?
  {
    guard let item = reader.objectReader("provenance", into: &problems) else { return nil }
    item.rejectUnknownKeys(allowed: ["status", "confirmed", "source"], into: &problems)
    let statusText = item.string("status", into: &problems)
    let source = item.string("source", into: &problems)
    var confirmed: [String] = []
    for (index, value) in (item.array("confirmed", required: false, into: &problems) ?? [])
      .enumerated()
    {
      if let text = value.stringValue {
        confirmed.append(text)
      } else {
        problems.append(
          FieldProblem(
            path: "\(item.path).confirmed[\(index)]",
            message: Message("phải là một chuỗi", "must be a string")))
      }
    }
    guard let statusText else { return nil }
    guard let status = Indicator.Provenance.Status(rawValue: statusText) else {
      problems.append(
        FieldProblem(
          path: item.child("status"),
          message: Message(
            "không có trạng thái \"\(statusText)\"; hợp lệ: confirmed, reconstructed",
            "unknown status \"\(statusText)\"; valid: confirmed, reconstructed")))
      return nil
    }
    guard let source else { return nil }
    // A confirmation cites where it was read: a document's number, an article or a page.
    if status == .confirmed, !source.contains(where: \.isNumber) {
      problems.append(
        FieldProblem(
          path: item.child("source"),
          message: Message(
            "chỉ tiêu đã đối chiếu (confirmed) phải ghi nguồn có số hiệu văn bản, điều/mục hoặc "
              + "trang (ví dụ \"QĐ 1300/QĐ-BYT, Phụ lục, chỉ tiêu 21, tr. 12\"); có: \"\(source)\"",
            "a confirmed indicator must cite its source with the document's number, article or "
              + "page (e.g. \"QĐ 1300/QĐ-BYT, annex, indicator 21, p. 12\"); found: \"\(source)\""))
      )
      return nil
    }
    return .init(status: status, confirmedParts: confirmed, source: source)
  }

  static func loadNotApplicable(_ reader: FieldReader, into problems: inout [FieldProblem])
    -> Indicator.NotApplicableRule?
  {
    guard let item = reader.objectReader("notApplicable", required: false, into: &problems) else {
      return reader.object["notApplicable"] == nil || reader.object["notApplicable"] == .null
        ? .init(communeTypes: [], zeroDenominator: false) : nil
    }
    item.rejectUnknownKeys(allowed: ["communeTypes", "zeroDenominator"], into: &problems)
    var types: [CommuneType] = []
    for (index, value) in (item.array("communeTypes", required: false, into: &problems) ?? [])
      .enumerated()
    {
      let path = "\(item.path).communeTypes[\(index)]"
      guard let text = value.stringValue, let type = CommuneType(rawValue: text) else {
        problems.append(
          FieldProblem(
            path: path,
            message: Message(
              "phải là một trong xa, phuong, thi_tran", "must be one of xa, phuong, thi_tran")))
        continue
      }
      // Four types: a repeat is said and not kept, so the list never outgrows them.
      guard !types.contains(type) else {
        problems.append(
          FieldProblem(
            path: path,
            message: Message("loại đơn vị \(text) bị lặp", "commune type \(text) repeats")))
        continue
      }
      types.append(type)
    }
    let zero = item.bool("zeroDenominator", required: false, into: &problems) ?? false
    return .init(communeTypes: types, zeroDenominator: zero)
  }

  static func loadOptions(_ reader: FieldReader, key: String, into problems: inout [FieldProblem])
    -> [Indicator.Option]?
  {
    guard let array = reader.array(key, into: &problems) else { return nil }
    if array.isEmpty {
      problems.append(FieldProblem(path: reader.child(key), message: .mustNotBeEmpty))
    }
    var options: [Indicator.Option] = []
    var keys: Set<String> = []
    for (index, value) in array.enumerated() {
      let path = "\(reader.child(key))[\(index)]"
      guard let object = value.objectValue else {
        problems.append(
          FieldProblem(path: path, message: .mustBeAnObject))
        continue
      }
      let item = FieldReader(object, path: path)
      item.rejectUnknownKeys(allowed: ["key", "label", "points"], into: &problems)
      guard let optionKey = item.string("key", into: &problems),
        let label = item.string("label", into: &problems),
        let points = item.points("points", into: &problems)
      else { continue }
      if !keys.insert(optionKey).inserted {
        problems.append(
          FieldProblem(
            path: item.child("key"),
            message: Message("mã \"\(optionKey)\" bị lặp", "key \"\(optionKey)\" repeats")))
      }
      options.append(.init(key: optionKey, label: label, points: points))
    }
    return options
  }

  static func loadRatio(
    _ reader: FieldReader, context: Context, into problems: inout [FieldProblem]
  )
    -> Indicator.Ratio?
  {
    let unitText = reader.string("ratioUnit", into: &problems)
    let numerator = reader.string("numerator", into: &problems)
    let denominator = reader.string("denominator", into: &problems)
    var unit: Indicator.RatioUnit?
    if let unitText {
      unit = Indicator.RatioUnit(rawValue: unitText)
      if unit == nil {
        problems.append(
          FieldProblem(
            path: reader.child("ratioUnit"),
            message: Message(
              "không có \"\(unitText)\"; hợp lệ: percent, per100",
              "unknown \"\(unitText)\"; valid: percent, per100")))
      }
    }
    let scale = loadScale(reader, isCount: false, context: context, into: &problems)
    if unit == .percent, let scale, scale.direction == .higherIsBetter {
      for bands in Indicator.allBandLists(scale.bands) {
        if let top = bands.first, ExactDecimal(100) < top.threshold {
          problems.append(
            FieldProblem(
              path: reader.child("bands"),
              message: Message(
                "ngưỡng \(top.threshold) % không bao giờ đạt được với một tỷ lệ phần trăm",
                "threshold \(top.threshold) % can never be reached by a percentage")))
        }
      }
    }
    guard let unit, let numerator, let denominator, let scale else { return nil }
    return .init(unit: unit, numeratorLabel: numerator, denominatorLabel: denominator, scale: scale)
  }
}
