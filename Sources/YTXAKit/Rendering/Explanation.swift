import YTXAFormats

/// Human-readable explanations of an indicator's result: the value measured, the band applied
/// and why it falls short, shared by the text, CSV and HTML reports.
package struct Explanation: Sendable {
  public let language: Language
  /// Whether choices and checklist items are named by their keys (machine CSV) rather than by
  /// their labels from the criteria file (every report people read).
  package let keys: Bool

  /// Creates an explainer for one language.
  public init(language: Language) {
    self.init(language: language, keys: false)
  }

  /// Creates an explainer naming options by key (`keys`) or by label.
  package init(language: Language, keys: Bool) {
    self.language = language
    self.keys = keys
  }

  /// A choice's or checklist item's name: its label, or its key for machines.
  package func name(_ option: Indicator.Option) -> String { keys ? option.key : option.label }

  /// A threshold with its comparison and unit: `≥ 95%`, `≤ 16,5%`, `≥ 500 m²`.
  public func threshold(
    _ value: ExactDecimal, _ direction: Indicator.Direction, unit: Indicator.UnitName
  )
    -> String
  {
    (direction == .higherIsBetter ? "≥ " : "≤ ") + quantity(language.format(value), unit: unit)
  }

  /// A number with its unit, joined by a no-break space so that no line ends between them.
  func quantity(_ number: String, unit: Indicator.UnitName) -> String {
    unit.isEmpty ? number : unit.isPercent ? number + "%" : number + "\u{00A0}" + unit(language)
  }

  /// What chose the bands: `vùng 2`, `TDMNPB`.
  public func selector(_ selector: IndicatorResult.BandSelector?) -> String? {
    switch selector {
    case .zone(let zone): language.pick("vùng \(zone)", "zone \(zone)")
    case .region(let region): region
    case nil: nil
    }
  }

  /// The measured value as the evidence states it.
  public func value(_ result: IndicatorResult) -> String {
    switch result.status {
    case .missing: return language.pick("chưa có minh chứng", "no evidence")
    case .notApplicable: return notApplicable(result.notApplicableCause)
    case .scored: break
    }
    switch result.detail {
    case .yesNo(let answer):
      return answer ? language.pick("có", "yes") : language.pick("không", "no")
    case .choice(let chosen, _): return name(chosen)
    case .checklist(let met, let unmet):
      let count = "\(met.count)/\(met.count + unmet.count) " + language.pick("mục", "items")
      return met.isEmpty
        ? count : count + ": " + met.map(name).joined(separator: keys ? ", " : "; ")
    case .banded(let banded):
      let shown = quantity(
        language.formatPercent(banded.value.rounded(places: 1)), unit: banded.unit)
      if let ratio = banded.ratio {
        return
          "\(language.format(ratio.numerator))/\(language.format(ratio.denominator)) = \(shown)"
      }
      return quantity(language.format(exact(banded.value)), unit: banded.unit)
    case nil: return ""
    }
  }

  /// A count or measure is shown exactly as given (it is a whole number or a decimal).
  private func exact(_ value: Fraction) -> ExactDecimal {
    var scale = 0
    var denominator: Int128 = 1
    while denominator < value.denominator, scale < ExactDecimal.maximumScale {
      denominator *= 10
      scale += 1
    }
    let mantissa = Int64(clamping: value.numerator * denominator / value.denominator)
    return ExactDecimal(mantissa: mantissa, scale: scale)
  }

  /// Why an indicator is not applicable.
  public func notApplicable(_ cause: IndicatorResult.NotApplicableCause?) -> String {
    switch cause {
    case .communeType(let type):
      language.pick(
        "không áp dụng cho \(type.vietnameseName)", "not applicable to a \(type.rawValue)")
    case .zeroDenominator:
      language.pick("không áp dụng (mẫu số bằng 0)", "not applicable (denominator is 0)")
    case .declared(let reason): language.pick("không áp dụng: ", "not applicable: ") + reason
    case nil: language.pick("không áp dụng", "not applicable")
    }
  }

  /// The band or rule that gave the points: `≥ 88% → 2 (vùng 2)`.
  public func band(_ result: IndicatorResult) -> String {
    let pointsWord = language.pick("đ", "pt")
    switch result.detail {
    case .yesNo(let answer):
      return (answer ? language.pick("có", "yes") : language.pick("không", "no"))
        + " → \(language.format(result.points))\u{00A0}\(pointsWord)"
    case .choice(let chosen, _):
      // The level is the option chosen (its label, or its key for machines), then its points:
      // never an empty level.
      return name(chosen) + " → \(language.format(chosen.points))\u{00A0}\(pointsWord)"
    case .checklist(let met, _):
      guard !met.isEmpty else {
        return language.pick("không mục nào", "no item") + " → 0\u{00A0}\(pointsWord)"
      }
      guard keys else {
        // The items are named in the value; here, what each is worth.
        return met.map { language.format($0.points) }.joined(separator: " + ")
          + " → \(language.format(result.points))\u{00A0}\(pointsWord)"
      }
      return met.map { "\($0.key) \(language.format($0.points))" }.joined(separator: " + ")
    case .banded(let banded):
      let chooser = selector(banded.selector).map { " (\($0))" } ?? ""
      guard let band = banded.band else {
        let lowest = banded.bands.last.map {
          threshold($0.threshold, banded.direction, unit: banded.unit)
        }
        return language.pick("không đạt mức nào", "no band met")
          + (lowest.map { language.pick(" (thấp nhất \($0))", " (lowest \($0))") } ?? "") + chooser
      }
      return threshold(band.threshold, banded.direction, unit: banded.unit)
        + " → \(language.format(band.points))\u{00A0}\(pointsWord)" + chooser
    case nil:
      return ""
    }
  }

  /// The value and, when it adds to it, the band, for reports that show them together: a
  /// choice's band begins with the option itself, so the two read as one (`Có bác sĩ cơ hữu →
  /// 3 đ`), never the option twice nor an empty level.
  package func valueAndBand(_ result: IndicatorResult) -> (value: String, band: String?) {
    let value = value(result)
    let band = band(result)
    if band.isEmpty { return (value, nil) }
    if band.hasPrefix(value + " → ") { return (band, nil) }
    return (value, band)
  }

  /// Why the indicator does not have its full points; `nil` when it does or does not count.
  public func shortfall(_ result: IndicatorResult) -> String? {
    if result.status == .notApplicable { return nil }
    var text: String?
    switch (result.status, result.detail) {
    case (.missing, _):
      text = language.pick("chưa có minh chứng: 0 điểm", "no evidence: 0 points")
    case (_, .yesNo(false)):
      text = language.pick("chưa đạt (không)", "not met (no)")
    case (_, .choice(let chosen, let options)):
      if let best = options.max(by: { $0.points < $1.points }), best.points > chosen.points {
        text = language.pick(
          "cần \"\(name(best))\" để được \(language.format(best.points)) điểm",
          "needs \"\(name(best))\" for \(language.format(best.points)) points")
      }
    case (_, .checklist(_, let unmet)) where !unmet.isEmpty:
      text =
        language.pick("thiếu: ", "missing: ")
        + unmet.map(name).joined(separator: "; ")
    case (_, .banded(let banded)):
      if let next = banded.nextBand {
        let target = threshold(next.threshold, banded.direction, unit: banded.unit)
        text = language.pick(
          "cần \(target) để được \(language.format(next.points)) điểm",
          "needs \(target) for \(language.format(next.points)) points")
      }
    default:
      break
    }
    if result.isKnockout, result.points == .zero {
      let knockout = language.pick("ĐIỂM LIỆT: 0 điểm", "KNOCK-OUT: 0 points")
      return text.map { "\(knockout); \($0)" } ?? knockout
    }
    return text
  }
}
