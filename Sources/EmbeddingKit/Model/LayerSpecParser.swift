extension LayerSpec {
    /// Parses one layer spec such as `dense(16,relu)`; names and activations are
    /// case-insensitive and spaces are allowed inside the parentheses. Throws
    /// `ModelError.badLayerSpec` with the character offset of the problem and the reason.
    public init(parsing spec: String) throws(ModelError) {
        let chars = Array(spec)
        func fail(_ offset: Int, _ reason: String) -> ModelError {
            .badLayerSpec(spec: spec, offset: offset, reason: reason)
        }
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        let nameStart = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
        let name = String(chars[nameStart..<i]).lowercased()
        guard !name.isEmpty else {
            throw fail(nameStart, nameStart == chars.count ? "empty layer spec" : "expected a layer name")
        }
        guard LayerSpec.names.contains(name) else {
            throw fail(nameStart, "unknown layer '\(name)' (expected one of: \(LayerSpec.names.joined(separator: ", ")))")
        }
        while i < chars.count, chars[i] == " " { i += 1 }
        var arguments: [Argument] = []
        let open = i
        if i < chars.count {
            guard chars[i] == "(" else { throw fail(i, "expected '(' after '\(name)'") }
            i += 1
            guard let close = chars[i...].firstIndex(of: ")") else { throw fail(chars.count, "missing ')'") }
            var start = i
            for j in i...close where j == close || chars[j] == "," {
                arguments.append(Argument(chars: chars, range: start..<j))
                start = j + 1
            }
            if arguments.count == 1 && arguments[0].text.isEmpty { arguments = [] }
            if let empty = arguments.first(where: { $0.text.isEmpty }) { throw fail(empty.offset, "empty argument") }
            i = close + 1
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i == chars.count else { throw fail(i, "unexpected text after ')'") }
        }
        let end = chars.count
        func expectCount(_ allowed: ClosedRange<Int>, _ usage: String) throws(ModelError) {
            guard allowed.contains(arguments.count) else {
                let at = arguments.count > allowed.upperBound ? arguments[allowed.upperBound].offset : end
                throw fail(at, "\(name) takes \(usage), got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")")
            }
        }
        func whole(_ argument: Argument, _ what: String, _ range: ClosedRange<Int>) throws(ModelError) -> Int {
            guard let n = Int(argument.text), range.contains(n) else {
                throw fail(argument.offset, LayerSpec.wholeNumberProblem(what, range, got: "'\(argument.text)'"))
            }
            return n
        }
        switch name {
        case "embedding":
            try expectCount(2...3, "(input_dim, output_dim[, mask_zero])")
            let inputDim = try whole(arguments[0], "input_dim", LayerSpec.inputDimRange)
            let outputDim = try whole(arguments[1], "output_dim", LayerSpec.outputDimRange)
            if arguments.count == 3, arguments[2].text.lowercased() != "mask_zero" {
                throw fail(arguments[2].offset, "expected mask_zero, got '\(arguments[2].text)'")
            }
            self = .embedding(inputDim: inputDim, outputDim: outputDim, maskZero: arguments.count == 3)
        case "dense":
            try expectCount(1...2, "(units[, activation])")
            let units = try whole(arguments[0], "units", LayerSpec.unitsRange)
            var activation = Activation.linear
            if arguments.count == 2 {
                guard let a = Activation(rawValue: arguments[1].text.lowercased()) else {
                    throw fail(arguments[1].offset, "unknown activation '\(arguments[1].text)' (expected one of: "
                        + "\(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                activation = a
            }
            self = .dense(units: units, activation: activation)
        case "dropout":
            try expectCount(1...1, "(rate)")
            guard let rate = Double(arguments[0].text), rate >= 0, rate < 1 else {
                throw fail(arguments[0].offset, LayerSpec.rateProblem("'\(arguments[0].text)'"))
            }
            self = .dropout(rate: rate)
        default:
            guard arguments.isEmpty else { throw fail(open + 1, "\(name) takes no arguments") }
            switch name {
            case "flatten": self = .flatten
            case "gap": self = .globalAveragePooling
            default: self = .globalMaxPooling
            }
        }
    }
}

/// One comma-separated argument: its trimmed text and where that text starts.
private struct Argument {
    let text: String
    let offset: Int

    init(chars: [Character], range: Range<Int>) {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, chars[lo] == " " { lo += 1 }
        while hi > lo, chars[hi - 1] == " " { hi -= 1 }
        text = String(chars[lo..<hi])
        offset = lo
    }
}
