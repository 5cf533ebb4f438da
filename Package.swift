// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "ytxa",
  products: [
    .executable(name: "ytxa", targets: ["ytxa"]),
    .library(name: "YTXAKit", targets: ["YTXAKit"]),
  ],
  targets: [
    // The engine: loading, scoring, recognition, aggregation, rendering. Never prints.
    .target(name: "YTXAKit"),
    // Argument parsing and the commands; writes to the streams it is given.
    .target(name: "YTXACLI", dependencies: ["YTXAKit"]),
    // The thin executable: hands over to YTXACLI.
    .executableTarget(name: "ytxa", dependencies: ["YTXACLI"]),
    // The batch benchmark (not part of swift test): swift run -c release ytxa-bench.
    .executableTarget(name: "ytxa-bench", path: "Benchmarks/ytxa-bench"),
    .testTarget(
      name: "YTXAKitTests", dependencies: ["YTXAKit", "YTXACLI", "ytxa"],
      exclude: ["Golden", "Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
