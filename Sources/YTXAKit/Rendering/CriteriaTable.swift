import YTXAFormats

/// A criteria set as a readable table: criteria, indicators, points, scoring, knock-outs and
/// provenance (`ytxa criteria show`).
package struct CriteriaTable: Sendable {
  public let criteria: CriteriaSet
  public let language: Language

  /// Creates a table writer.
  public init(criteria: CriteriaSet, language: Language = .vi) {
    self.criteria = criteria
    self.language = language
  }

  /// The table.
  public func render() -> String {
    let explain = Explanation(language: language)
    var lines: [String] = []
    lines.append("\(criteria.name) [\(criteria.id)]")
    for document in criteria.legalBasis {
      lines.append("  \(document.number) (\(document.date)): \(document.title)")
    }
    let rule = criteria.passRule
    lines.append(
      language.pick(
        "Hiệu lực từ \(criteria.effectiveDate) · tổng \(language.format(criteria.totalPoints)) điểm · "
          + "đạt khi tổng ≥ \(language.format(rule.totalPercent))%, mỗi tiêu chí ≥ "
          + "\(language.format(rule.criterionPercent))%"
          + (rule.knockoutsApply ? ", không có điểm liệt = 0" : "")
          + " · công nhận \(criteria.recognitionYears) năm",
        "In force from \(criteria.effectiveDate) · \(language.format(criteria.totalPoints)) points · "
          + "passes with total ≥ \(language.format(rule.totalPercent))%, each criterion ≥ "
          + "\(language.format(rule.criterionPercent))%"
          + (rule.knockoutsApply ? ", no knock-out at 0" : "")
          + " · recognised for \(criteria.recognitionYears) years"))
    lines.append(Phrasebook(language).provenance(criteria))
    for criterion in criteria.criteria {
      lines.append("")
      lines.append(
        language.pick("Tiêu chí ", "Criterion ")
          + "\(criterion.id). \(criterion.name(in: language)) — \(language.format(criterion.points))"
          + language.pick(" điểm", " points"))
      for indicator in criterion.indicators {
        var flags: [String] = [indicator.kind.name]
        if indicator.isKnockout { flags.append(language.pick("điểm liệt", "knock-out")) }
        flags.append(indicator.provenance.status.rawValue)
        lines.append(
          "  " + indicator.id.leftPadded(to: 2) + "  "
            + indicator.name(in: language).truncated(to: 72).padded(to: 72)
            + language.format(indicator.points).leftPadded(to: 5) + "  ["
            + flags.joined(separator: ", ") + "]")
        for rule in scoring(indicator, explain: explain) { lines.append("        " + rule) }
        var notApplicable: [String] = []
        if !indicator.notApplicable.communeTypes.isEmpty {
          notApplicable.append(
            language.pick("với ", "for ")
              + indicator.notApplicable.communeTypes.map {
                language.pick($0.vietnameseName, $0.rawValue)
              }
              .joined(separator: ", "))
        }
        if indicator.notApplicable.zeroDenominator {
          notApplicable.append(language.pick("khi mẫu số bằng 0", "when the denominator is 0"))
        }
        if !notApplicable.isEmpty {
          lines.append(
            "        " + language.pick("Không áp dụng ", "Not applicable ")
              + notApplicable.joined(separator: "; "))
        }
        var provenance = language.pick("Nguồn: ", "Source: ") + indicator.provenance.source
        if !indicator.provenance.confirmedParts.isEmpty {
          provenance +=
            language.pick(" · đã xác nhận: ", " · confirmed: ")
            + indicator.provenance.confirmedParts.joined(separator: "; ")
        }
        lines.append("        " + provenance)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func scoring(_ indicator: Indicator, explain: Explanation) -> [String] {
    let pointsWord = language.pick("đ", "pt")
    func list(_ bands: [Indicator.Band], _ scale: Indicator.Scale) -> String {
      bands.map {
        explain.threshold($0.threshold, scale.direction, unit: scale.unit)
          + " → \(language.format($0.points))"
      }.joined(separator: "; ")
    }
    switch indicator.kind {
    case .yesNo:
      return [
        language.pick("có", "yes") + " → \(language.format(indicator.points)) \(pointsWord); "
          + language.pick("không", "no") + " → 0"
      ]
    case .choice(let options), .checklist(let options):
      let joiner = indicator.kind.name == "choice" ? language.pick(" | ", " | ") : " + "
      return [options.map { "\($0.key) \(language.format($0.points))" }.joined(separator: joiner)]
    case .ratio(let ratio):
      return [
        language.pick("Tử số: ", "Numerator: ") + ratio.numeratorLabel + " · "
          + language.pick("Mẫu số: ", "Denominator: ") + ratio.denominatorLabel
      ]
        + bandLines(ratio.scale, list: list)
    case .count(let scale), .measure(let scale):
      return bandLines(scale, list: list)
    }
  }

  private func bandLines(
    _ scale: Indicator.Scale, list: ([Indicator.Band], Indicator.Scale) -> String
  ) -> [String] {
    switch scale.bands {
    case .plain(let bands): [list(bands, scale)]
    case .byZone(let tables):
      tables.keys.sorted().map {
        language.pick("vùng \($0): ", "zone \($0): ") + list(tables[$0] ?? [], scale)
      }
    case .byRegion(let tables):
      criteria.regions.map(\.code).filter { tables[$0] != nil }.map {
        "\($0): " + list(tables[$0] ?? [], scale)
      }
    }
  }
}
