extension SequentialModel {
    /// Trains on padded `sequences` and their `labels` as Keras's `fit`: per epoch the
    /// training samples are reshuffled (seeded), cut into batches, and each batch takes one
    /// optimizer step on the mean loss; then the validation samples are evaluated.
    ///
    /// `onEpoch` is called after every epoch and `onBatch` after every batch, on the calling
    /// thread. Training stops after the current batch when `interruption` is requested, and
    /// before applying a batch whose loss or gradient is NaN or infinite; the weights are kept
    /// in both cases (see `TrainingStop`), unless a step left them non-finite: then they go back
    /// to where the epoch started. With `options.earlyStopping` it ends after the epoch that
    /// exhausts the patience, and may put the best epoch's weights back (`TrainingReport.restoredEpoch`).
    /// Throws `ModelError` for bad options or data, before changing anything.
    @discardableResult
    public mutating func fit(sequences: [[Int]], labels: [Int], options: TrainingOptions = TrainingOptions(),
                             interruption: Interruption = .never,
                             onEpoch: (EpochLog) -> Void = { _ in },
                             onBatch: (BatchProgress) -> Void = { _ in }) throws(ModelError) -> TrainingReport {
        try options.validate()
        let data = try SequenceMatrix(sequences, config: config)
        let targets = try SequenceMatrix.labels(labels, count: data.count, config: config)
        var trainingCount = data.count
        var validation: (data: SequenceMatrix, labels: [Int32])?
        switch options.validation {
        case .none:
            break
        case .split(let fraction):
            trainingCount = Int((Double(data.count) * (1 - fraction)).rounded(.down))
            guard trainingCount > 0 && trainingCount < data.count else {
                throw .validationSplitTooSmall(samples: data.count, fraction: fraction)
            }
            validation = (data.rows(trainingCount ..< data.count), Array(targets[trainingCount...]))
        case .data(let sequences, let labels):
            let matrix = try SequenceMatrix(sequences, config: config)
            validation = (matrix, try SequenceMatrix.labels(labels, count: matrix.count, config: config))
        }

        let threads = options.threads ?? Parallel.defaultChunks
        let batchSize = Swift.min(options.batchSize, trainingCount)
        let batches = (trainingCount + batchSize - 1) / batchSize
        // Besides the workspace: the optimizer's slots, the copy of weights and slots kept from
        // the start of each epoch, and the best epoch's weights early stopping may keep.
        let keptCopies = 1 + 2 * options.optimizer.slotCount + (options.earlyStopping?.restoreBest == true ? 1 : 0)
        let stateBytes = MemoryBudget.product([network.parameterCount, keptCopies, MemoryLayout<Float>.size]) ?? Int.max
        let ws = try Workspace(network: network, capacity: batchSize, length: data.length, training: true,
                               alsoBytes: stateBytes)
        if validation != nil { try reserveConfusionMatrix() }
        if optimizerSlots?.optimizer != options.optimizer {
            optimizerSlots = OptimizerSlots(optimizer: options.optimizer, parameterCount: network.parameterCount)
        }
        var rng = Xoshiro256StarStar(seed: options.seed)
        var order = Array(0..<trainingCount)
        var completed: [EpochLog] = []
        var earlyStopping = options.earlyStopping.map(EarlyStoppingTracker.init)
        let clock = ContinuousClock()
        /// The report of a run that ended by plan (every epoch, or early stopping), with the
        /// best epoch's weights put back when early stopping keeps them.
        func finished(_ stop: TrainingStop) -> TrainingReport {
            guard let best = earlyStopping?.bestParameters, let epoch = earlyStopping?.best?.epoch else {
                return TrainingReport(stop: stop, epochs: completed)
            }
            parameters = best
            return TrainingReport(stop: stop, epochs: completed, restoredEpoch: epoch)
        }

        for epoch in 1...options.epochs {
            let start = clock.now
            // The state to go back to should a step leave the weights non-finite (only when they
            // were finite to begin with).
            let epochStart = parameters.allSatisfy(\.isFinite) ? (parameters, optimizerSlots) : nil
            /// The report of a stop in batch `batch`, the weights restored when they blew up.
            func stopped(_ stop: TrainingStop, batch: Int) -> TrainingReport {
                if let epochStart, !parameters.allSatisfy(\.isFinite) {
                    (parameters, optimizerSlots) = epochStart
                    return TrainingReport(stop: .nonFiniteWeights(epoch: epoch, batch: batch), epochs: completed)
                }
                return TrainingReport(stop: stop, epochs: completed)
            }
            if options.shuffle { order.shuffle(using: &rng) }
            var lossSum = 0.0
            var correct = 0
            for batch in 0..<batches {
                let rows = order[batch * batchSize ..< Swift.min((batch + 1) * batchSize, trainingCount)]
                guard let result = step(ws, data: data, targets: targets, rows: rows, seed: options.seed, threads: threads) else {
                    return stopped(.nonFiniteLoss(epoch: epoch, batch: batch + 1), batch: batch + 1)
                }
                lossSum += result.loss
                correct += result.correct
                let seen = Double(batch * batchSize + rows.count)
                onBatch(BatchProgress(epoch: epoch, epochs: options.epochs, batch: batch + 1, batches: batches,
                                      loss: lossSum / seen, accuracy: Double(correct) / seen,
                                      seconds: Self.seconds(clock.now - start)))
                if interruption.isRequested { return stopped(.interrupted(epoch: epoch, batch: batch + 1), batch: batch + 1) }
            }
            if epochStart != nil && !parameters.allSatisfy(\.isFinite) { return stopped(.completed, batch: batches) }
            var log = EpochLog(epoch: epoch, loss: lossSum / Double(trainingCount),
                               accuracy: Double(correct) / Double(trainingCount),
                               validationLoss: nil, validationAccuracy: nil, seconds: 0)
            if let validation {
                let result = try evaluate(validation.data, labels: validation.labels, threads: threads)
                log.validationLoss = result.loss
                log.validationAccuracy = result.accuracy
            }
            log.seconds = Self.seconds(clock.now - start)
            history.append(log)
            completed.append(log)
            onEpoch(log)
            if interruption.isRequested && epoch < options.epochs {
                return TrainingReport(stop: .interrupted(epoch: epoch, batch: batches), epochs: completed)
            }
            if earlyStopping?.shouldStop(after: log, parameters: parameters) == true, epoch < options.epochs {
                return finished(.earlyStopped(epoch: epoch, bestEpoch: earlyStopping!.best?.epoch ?? epoch))
            }
        }
        return finished(.completed)
    }

    /// One optimizer step on the samples `rows`; returns the summed loss and the number of
    /// correct predictions, or `nil` (and changes nothing) when the loss or gradient is not finite.
    private mutating func step(_ ws: Workspace, data: SequenceMatrix, targets: [Int32], rows: ArraySlice<Int>,
                               seed: UInt64, threads: Int) -> (loss: Double, correct: Int)? {
        let count = rows.count
        ws.load(data, rows: rows.lazy.map { $0 })
        let network = self.network
        let dropoutSeed = seed ^ UInt64(optimizerSlots!.iterations) &* 0xA076_1D64_78BD_642F
        parameters.withUnsafeBufferPointer { p in
            network.forward(ws, parameters: p, count: count, training: true, dropoutSeed: dropoutSeed, threads: threads)
        }
        let width = ws.widths.last!
        let scale = 1 / Float(count)
        var loss = 0.0
        var correct = 0
        for (b, r) in rows.enumerated() {
            let row = UnsafeBufferPointer(Workspace.row(ws.outputs.last!, b, width))
            let label = Int(targets[r])
            loss += Double(network.loss.value(row, label: label))
            if network.loss.predictedClass(row) == label { correct += 1 }
            network.loss.gradient(row, label: label, scale: scale, into: Workspace.row(ws.deltas.last!, b, width))
        }
        guard loss.isFinite else { return nil }
        parameters.withUnsafeBufferPointer { p in
            network.backward(ws, parameters: p, count: count, threads: threads)
        }
        defer { network.clearEmbeddingGradient(ws, count: count) }
        guard network.gradientIsFinite(ws, count: count) else { return nil }
        optimizerSlots!.step(weights: &parameters, gradient: UnsafeBufferPointer(ws.gradient), range: network.trainableRange,
                             threads: threads)
        return (loss, correct)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
