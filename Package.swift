// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "ytxa",
  products: [
    .executable(name: "ytxa", targets: ["ytxa"]),
    .library(name: "YTXAKit", targets: ["YTXAKit"]),
  ],
  targets: [
    // Formats and the system layer, free of the domain: JSON, CSV, XML, zip and inflate, xlsx
    // read and write, SHA-256, exact decimals, messages in two languages; files, atomic output,
    // output folders, the ordered parallel map. Imports nothing of the engine.
    .target(name: "YTXAFormats"),
    // The engine: criteria, evidence, units, scoring, repair plans, recognition, roadmaps,
    // health plans, audit, batch and the reports. Never prints.
    .target(name: "YTXAKit", dependencies: ["YTXAFormats"]),
    // Argument parsing and the commands; writes to the streams it is given.
    .target(name: "YTXACLI", dependencies: ["YTXAKit", "YTXAFormats"]),
    // The thin executable: hands over to YTXACLI.
    .executableTarget(name: "ytxa", dependencies: ["YTXACLI"]),
    // The batch benchmark (not part of swift test): swift run -c release ytxa-bench.
    .executableTarget(name: "ytxa-bench", path: "Benchmarks/ytxa-bench"),
    .testTarget(
      name: "YTXAKitTests", dependencies: ["YTXAFormats", "YTXAKit", "YTXACLI", "ytxa"],
      exclude: ["Golden", "Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
