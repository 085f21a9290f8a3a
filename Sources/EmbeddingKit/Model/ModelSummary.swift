import Foundation

/// What Keras's `model.summary()` shows: one row per layer and the parameter totals.
public struct ModelSummary: Equatable, Sendable {
    /// One layer's line.
    public struct Row: Equatable, Sendable {
        /// Keras's automatic name: `embedding`, `dense`, `dense_1`, …
        public var name: String
        /// Keras class name, e.g. `GlobalAveragePooling1D`.
        public var type: String
        /// Output shape with the batch dimension, e.g. `(None, 40, 16)`.
        public var outputShape: String
        public var parameters: Int

        public init(name: String, type: String, outputShape: String, parameters: Int) {
            self.name = name
            self.type = type
            self.outputShape = outputShape
            self.parameters = parameters
        }
    }

    /// Keras names a Sequential model `sequential`.
    public var modelName = "sequential"
    public var rows: [Row]
    public var totalParameters: Int
    public var trainableParameters: Int
    public var nonTrainableParameters: Int

    /// Builds the summary of a configuration.
    public init(_ config: ModelConfig) {
        var seen: [String: Int] = [:]
        rows = config.layers.indices.map { i in
            let layer = config.layers[i]
            let n = seen[layer.kerasName, default: 0]
            seen[layer.kerasName] = n + 1
            return Row(name: n == 0 ? layer.kerasName : "\(layer.kerasName)_\(n)", type: layer.kerasType,
                       outputShape: ModelConfig.shapeText(config.outputShapes[i]),
                       parameters: config.parameterCounts[i])
        }
        totalParameters = config.parameterCount
        trainableParameters = config.trainableParameterCount
        nonTrainableParameters = totalParameters - trainableParameters
    }

    /// Keras's size of `count` Float32 parameters, e.g. `626.13 KB` (powers of 1024, two decimals).
    public static func memorySize(parameters count: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB"]
        var size = Double(count) * 4
        var unit = 0
        while size >= 1024 && unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        return String(format: "%.2f", size) + " " + units[unit]
    }
}
