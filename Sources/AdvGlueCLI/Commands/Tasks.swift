import AdvGlueCorpora
import ArgumentParser
import Foundation

struct Tasks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "List the tasks with their fields and labels.")

    func run() {
        for task in GlueTask.allCases {
            print("\(task.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(task.summary)")
            print(
                String(repeating: " ", count: 9) + "fields: \(task.fieldNames.joined(separator: ", ")); labels: "
                    + task.labelNames.enumerated().map { "\($0.offset) \($0.element)" }.joined(separator: ", "))
        }
    }
}
