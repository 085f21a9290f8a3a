import Foundation
import XCTest

/// `Scripts/bench` runs its Python files with the bench venv's interpreter, built from the
/// machine's python3: each must at least compile there (an f-string that only Python 3.12
/// accepts once stopped the word2vec bench before it measured anything).
final class BenchScriptsTests: XCTestCase {
    func testEveryBenchScriptCompilesWithThisMachinesPython() throws {
        let sh = URL(fileURLWithPath: "/bin/sh")
        guard try Embsh.run(["-c", "command -v python3"], in: Embsh.root, executable: sh).status == 0 else {
            throw XCTSkip("python3 is absent: the bench cannot run here either")
        }
        let check = #"python3 -c 'import ast, glob, sys; [ast.parse(open(f).read(), f) for f in sorted(glob.glob("Scripts/benchmarks/*.py"))]'"#
        let result = try Embsh.run(["-c", check], in: Embsh.root, executable: sh)
        XCTAssertEqual(result.status, 0, result.stderr)
    }
}
