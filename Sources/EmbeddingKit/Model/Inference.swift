/// The model's answer for one sequence.
public struct Prediction: Equatable, Sendable {
    /// The predicted class: 1 when a sigmoid output is above 0.5, else 0; the first most
    /// probable class of a softmax.
    public var label: Int
    /// The probability of `label`.
    public var probability: Float
    /// The output layer's values: `[p]` (the probability of class 1) for a sigmoid, every
    /// class's probability for a softmax.
    public var outputs: [Float]
}

/// Loss and accuracy on labelled data, as Keras's `evaluate`, plus a confusion matrix.
public struct ModelEvaluation: Equatable, Sendable {
    public var samples: Int
    /// Mean loss over the samples.
    public var loss: Double
    public var accuracy: Double
    /// `confusion[label][predicted]`: how many samples of each true class got each prediction.
    public var confusion: [[Int]]
}

extension SequentialModel {
    /// Samples per inference batch.
    private static let inferenceBatch = 1024

    /// Predicts padded sequences (dropout off).
    public func predict(_ sequences: [[Int]], threads: Int? = nil) throws(ModelError) -> [Prediction] {
        let matrix = try SequenceMatrix(sequences, config: config)
        let loss = network.loss
        var predictions: [Prediction] = []
        predictions.reserveCapacity(matrix.count)
        try forEachOutput(matrix, threads: threads ?? Parallel.defaultChunks) { _, row in
            let label = loss.predictedClass(row)
            let probability = loss == .sparseCategoricalCrossentropy ? row[label] : label == 1 ? row[0] : 1 - row[0]
            predictions.append(Prediction(label: label, probability: probability, outputs: Array(row)))
        }
        return predictions
    }

    /// Loss, accuracy and confusion matrix on padded sequences and their labels.
    public func evaluate(sequences: [[Int]], labels: [Int], threads: Int? = nil) throws(ModelError) -> ModelEvaluation {
        let matrix = try SequenceMatrix(sequences, config: config)
        let labels = try SequenceMatrix.labels(labels, count: matrix.count, config: config)
        return try evaluate(matrix, labels: labels, threads: threads ?? Parallel.defaultChunks)
    }

    func evaluate(_ matrix: SequenceMatrix, labels: [Int32], threads: Int) throws(ModelError) -> ModelEvaluation {
        let loss = network.loss
        let classes = config.classCount
        try reserveConfusionMatrix()
        var total = 0.0
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        try forEachOutput(matrix, threads: threads) { s, row in
            let label = Int(labels[s])
            total += Double(loss.value(row, label: label))
            confusion[label][loss.predictedClass(row)] += 1
        }
        let correct = (0..<classes).reduce(0) { $0 + confusion[$1][$1] }
        return ModelEvaluation(samples: matrix.count, loss: total / Double(matrix.count),
                               accuracy: Double(correct) / Double(matrix.count), confusion: confusion)
    }

    /// Throws `ModelError.memory` when a classes × classes confusion matrix would not fit.
    func reserveConfusionMatrix() throws(ModelError) {
        let classes = config.classCount
        do {
            try MemoryBudget.reserve([classes, classes], elementSize: MemoryLayout<Int>.size,
                                     for: "a confusion matrix of \(classes) classes", lower: "use fewer output units")
        } catch {
            throw .memory(error)
        }
    }

    /// Runs the model over every sample and hands each output row to `body`, in sample order.
    private func forEachOutput(_ matrix: SequenceMatrix, threads: Int,
                               _ body: (Int, UnsafeBufferPointer<Float>) -> Void) throws(ModelError) {
        let capacity = Swift.min(matrix.count, Self.inferenceBatch)
        let ws = try Workspace(network: network, capacity: capacity, length: matrix.length, training: false)
        let width = ws.widths.last!
        parameters.withUnsafeBufferPointer { p in
            for start in stride(from: 0, to: matrix.count, by: capacity) {
                let count = Swift.min(capacity, matrix.count - start)
                ws.load(matrix, rows: start ..< start + count)
                network.forward(ws, parameters: p, count: count, training: false, dropoutSeed: 0, threads: threads)
                for b in 0..<count { body(start + b, UnsafeBufferPointer(Workspace.row(ws.outputs.last!, b, width))) }
            }
        }
    }
}
