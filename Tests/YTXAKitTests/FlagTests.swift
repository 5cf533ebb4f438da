import Foundation
import Testing

@testable import YTXAKit

/// Flags that do what they say (issue 26): a `YTXA_CRITERIA_DIR` that holds no bundle is an
/// error naming it, never a silent fall-back to another bundle.
@Suite struct FlagTests {
  static let sample = TestSets.root.appendingPathComponent("Samples/bac-giang/2025/07336.json").path

  @Test("YTXA_CRITERIA_DIR naming a folder without bundle.json: exit 2, the folder named")
  func misspelledBundleFolder() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["YTXA_CRITERIA_DIR"] = "/nonexistent/Criteria"
    for (arguments, language) in [
      (["check", Self.sample], "vi"), (["score", Self.sample, "--lang", "en"], "en"),
      (["criteria", "validate"], "vi"), (["template", "--format", "csv"], "vi"),
    ] {
      let run = try CLIRunner.runProcess(arguments, environment: environment)
      #expect(run.code == 2, "\(arguments): \(run.err)")
      #expect(run.err.contains("YTXA_CRITERIA_DIR=/nonexistent/Criteria"), "\(run.err)")
      #expect(
        run.err.contains(language == "vi" ? "không có bundle.json" : "holds no bundle.json"),
        "\(run.err)")
    }
    // An empty value is as if unset.
    environment["YTXA_CRITERIA_DIR"] = ""
    #expect(try CLIRunner.runProcess(["check", Self.sample], environment: environment).code == 0)
  }

  @Test("the bundle named by YTXA_CRITERIA_DIR is used when it holds one")
  func explicitBundle() throws {
    let bundle = BundledFiles(
      executablePath: "/nowhere/bin/ytxa",
      environment: ["YTXA_CRITERIA_DIR": TestSets.root.appendingPathComponent("Criteria").path],
      sourceFile: "/nowhere/Sources/YTXAKit/Criteria/BundledFiles.swift")
    #expect(try bundle.manifest().criteriaSets["qd-1300-2023"] == "qd-1300-2023.json")
    let missing = BundledFiles(
      executablePath: "/nowhere/bin/ytxa", environment: ["YTXA_CRITERIA_DIR": "/custom"],
      sourceFile: TestSets.root.appendingPathComponent("Sources/YTXAKit/Criteria/x.swift").path)
    #expect(throws: CriteriaError.environmentWithoutBundle(folder: "/custom")) {
      try missing.manifest()
    }
  }
}
