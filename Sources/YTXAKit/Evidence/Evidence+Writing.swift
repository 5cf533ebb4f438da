import YTXAFormats

extension Evidence {
  /// The assessment as an evidence file (interfaces §1), whatever it was read from (a JSON file
  /// or a table's row): what the engine read, written back, so that reading the file again gives
  /// the same evidence. What the engine adds (the resolved unit, warnings) is not written.
  package var fileJSON: JSONOutput {
    var commune: JSONOutput.Members = [
      "code": .string(self.commune.code.digits), "name": .string(self.commune.name),
      "type": .string(self.commune.type.rawValue), "zone": .int(self.commune.zone),
      "region": .string(self.commune.region),
    ]
    if let district = self.commune.district {
      commune["district"] = .object(
        ["code": .string(district.code.digits), "name": .string(district.name)])
    }
    if let province = self.commune.province {
      commune["province"] = .object(
        ["code": .string(province.code.digits), "name": .string(province.name)])
    }
    var evidence: JSONOutput.Members = [:]
    for (key, value) in values {
      evidence[key] =
        switch value {
        case .yesNo(let flag): .bool(flag)
        case .choice(let choice): .string(choice)
        case .checklist(let items): .array(items.map { .string($0) })
        case .ratio(let numerator, let denominator):
          .object(["numerator": .int(numerator), "denominator": .int(denominator)])
        case .count(let count): .int(count)
        case .measure(let measure): .number(measure.description)
        case .notApplicable(let reason): .object(["notApplicable": .string(reason)])
        }
    }
    var file: JSONOutput.Members = [
      "schemaVersion": .int(1), "criteriaSet": .string(criteriaSetID), "year": .int(year),
      "commune": .object(commune), "evidence": .object(evidence),
    ]
    if let assessedOn { file["assessedOn"] = .string(assessedOn.iso) }
    if !documents.isEmpty {
      var documents: JSONOutput.Members = [:]
      for (key, list) in self.documents { documents[key] = .array(list.map { .string($0) }) }
      file["documents"] = .object(documents)
    }
    return .object(file)
  }
}
