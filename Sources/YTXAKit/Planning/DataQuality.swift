import YTXAFormats

/// A finding that does not reject the evidence but deserves a second look. Never changes a score.
public struct DataQualityWarning: Sendable, Hashable {
  /// What kind of finding it is.
  public enum Kind: String, Sendable, Hashable {
    /// The value is exactly on a band's threshold: one unit less and the points change.
    case onBoundary
    /// A ratio's denominator disagrees with the commune's other ratios.
    case implausibleDenominator
    /// A checklist is claimed in full but no document is cited for it.
    case fullChecklistWithoutDocuments
  }

  public var kind: Kind
  /// The indicators concerned, in set order.
  public var indicators: [String]
  /// The finding, in Vietnamese.
  public var message: String
  /// The finding, in English.
  public var englishMessage: String
}

/// Looks for values that are valid but suspicious.
package enum DataQuality {
  /// Every finding for one scored commune, in set order, boundaries first.
  public static func warnings(for result: CommuneResult, criteria: CriteriaSet)
    -> [DataQualityWarning]
  {
    var warnings: [DataQualityWarning] = []
    for item in result.indicators where item.status == .scored {
      switch item.detail {
      case .banded(let banded):
        guard let band = banded.band, banded.value.isAtLeast(band.threshold),
          banded.value.isAtMost(band.threshold), !isScaleEnd(band.threshold, banded)
        else { continue }
        let value = banded.ratio.map { "\($0.numerator)/\($0.denominator) = " } ?? ""
        func shown(_ language: Language) -> String {
          let number = band.threshold.formatted(decimalSeparator: language.pick(",", "."))
          return banded.unit.isEmpty
            ? number : banded.unit.isPercent ? number + "%" : number + " " + banded.unit(language)
        }
        warnings.append(
          DataQualityWarning(
            kind: .onBoundary, indicators: [item.id],
            message: "Chỉ tiêu \(item.id): giá trị \(value)\(shown(.vi)) đúng bằng ngưỡng của "
              + "mức \(band.points.formatted(decimalSeparator: ",")) điểm; chỉ cần sai lệch một "
              + "đơn vị là đổi mức điểm, đề nghị kiểm tra lại số liệu.",
            englishMessage: "Indicator \(item.id): the value \(value)\(shown(.en)) is exactly on "
              + "the threshold of the \(band.points)-point band; one unit less changes the band, "
              + "so check the figures."))
      case .checklist(let met, let unmet) where unmet.isEmpty && !met.isEmpty:
        guard item.documents.isEmpty else { continue }
        warnings.append(
          DataQualityWarning(
            kind: .fullChecklistWithoutDocuments, indicators: [item.id],
            message: "Chỉ tiêu \(item.id): khai đạt đủ \(met.count)/\(met.count) nội dung nhưng "
              + "không dẫn văn bản minh chứng nào.",
            englishMessage: "Indicator \(item.id): all \(met.count) items are claimed but no "
              + "document is cited."))
      default:
        continue
      }
    }
    warnings += denominatorWarnings(result, criteria.plausibility)
    return warnings
  }

  /// A threshold at the end of the scale (0, or 100 % on a percentage) cannot be passed by
  /// accident, so being on it is not suspicious.
  private static func isScaleEnd(_ threshold: ExactDecimal, _ banded: IndicatorResult.BandedValue)
    -> Bool
  {
    if !(threshold < ExactDecimal(0)) && !(ExactDecimal(0) < threshold) { return true }
    return banded.unit.isPercent && banded.direction == .higherIsBetter
      && !(threshold < ExactDecimal(100)) && !(ExactDecimal(100) < threshold)
  }

  /// The denominators of scored ratios, by indicator id.
  private static func denominators(_ result: CommuneResult) -> [String: Int] {
    var values: [String: Int] = [:]
    for item in result.indicators where item.status == .scored {
      if case .banded(let banded) = item.detail, let ratio = banded.ratio {
        values[item.id] = ratio.denominator
      }
    }
    return values
  }

  private static func denominatorWarnings(
    _ result: CommuneResult, _ plausibility: CriteriaSet.Plausibility
  ) -> [DataQualityWarning] {
    let denominators = denominators(result)
    var warnings: [DataQualityWarning] = []
    // A group's value is the denominator of its first indicator that has one.
    var groupValue: [String: (id: String, value: Int)] = [:]
    for group in plausibility.groups {
      let present = group.indicators.compactMap { id in denominators[id].map { (id, $0) } }
      guard let first = present.first else { continue }
      groupValue[group.key] = first
      let smallest = present.map(\.1).min()!
      let largest = present.map(\.1).max()!
      // largest − smallest ≤ tolerance% × smallest, exactly.
      let tolerance = group.tolerancePercent
      let spread = Int128(largest - smallest) * 100 * tolerance.denominator
      guard spread > Int128(tolerance.mantissa) * Int128(smallest) else { continue }
      let listed = present.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
      warnings.append(
        DataQualityWarning(
          kind: .implausibleDenominator, indicators: present.map(\.0),
          message: "\(group.label) không thống nhất giữa các chỉ tiêu (\(listed)); chênh lệch "
            + "vượt \(tolerance.formatted(decimalSeparator: ","))%.",
          englishMessage: "\(group.label) differs between indicators (\(listed)), by more than "
            + "\(tolerance)%."))
    }
    for relation in plausibility.relations {
      guard let top = groupValue[relation.numerator], let bottom = groupValue[relation.denominator],
        bottom.value > 0
      else { continue }
      let quotient = Fraction(Int128(top.value), Int128(bottom.value))
      guard !quotient.isAtLeast(relation.minimum) || !quotient.isAtMost(relation.maximum) else {
        continue
      }
      let shown = quotient.rounded(places: 3)
      let range =
        "\(relation.minimum.formatted(decimalSeparator: ",")) – "
        + relation.maximum.formatted(decimalSeparator: ",")
      let labels = plausibility.groups.reduce(into: [String: String]()) { $0[$1.key] = $1.label }
      warnings.append(
        DataQualityWarning(
          kind: .implausibleDenominator, indicators: [top.id, bottom.id],
          message: "\(labels[relation.numerator] ?? relation.numerator) (chỉ tiêu \(top.id): "
            + "\(top.value)) so với \(labels[relation.denominator] ?? relation.denominator) (chỉ "
            + "tiêu \(bottom.id): \(bottom.value)) cho \(shown.formatted(decimalSeparator: ",")) "
            + "\(relation.label), ngoài khoảng hợp lý \(range); đề nghị kiểm tra mẫu số.",
          englishMessage: "Indicator \(top.id)'s denominator \(top.value) against indicator "
            + "\(bottom.id)'s \(bottom.value) gives \(shown) (\(relation.label)), outside the "
            + "plausible \(relation.minimum)–\(relation.maximum); check the denominators."))
    }
    return warnings.sorted { lhs, rhs in
      (lhs.indicators.first.flatMap(Int.init) ?? 0) < (rhs.indicators.first.flatMap(Int.init) ?? 0)
    }
  }
}
