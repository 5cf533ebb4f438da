import Foundation
import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Issue 26's empty level, fixed early: every choice indicator of the bundled set, at every
/// option, shows the option chosen as its level (never "Mức: → 3 đ"), in both languages.
@Suite("choice levels")
struct ChoiceLevelTests {
  @Test("every option of every choice indicator names itself in the level")
  func everyChoice() throws {
    let set = try TestSets.bundled()
    let sample = try String(
      contentsOf: TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json"),
      encoding: .utf8)
    var checked = 0
    for indicator in set.indicators {
      guard case .choice(let options) = indicator.kind else { continue }
      for option in options {
        // The sample with this indicator's evidence set to the option.
        var object =
          try JSONSerialization.jsonObject(with: Data(sample.utf8)) as? [String: Any] ?? [:]
        var evidence = object["evidence"] as? [String: Any] ?? [:]
        evidence[indicator.id] = option.key
        object["evidence"] = evidence
        let bytes = try JSONSerialization.data(withJSONObject: object)
        let parsed = try Evidence(data: Array(bytes), file: "e.json", criteria: set)
        let result = Scorer(criteria: set).score(parsed)
        let item = try #require(result.indicators.first { $0.id == indicator.id })
        for language in [Language.vi, .en] {
          let band = Explanation(language: language).band(item)
          #expect(band.hasPrefix(option.label + " → "), "\(indicator.id) \(option.key): \(band)")
        }
        #expect(
          Explanation(language: .vi, keys: true).band(item).hasPrefix(option.key + " → "))
        checked += 1
      }
    }
    #expect(checked >= 6, "\(checked) options checked")
  }
}
