import AdvGlueRun
import AdvGlueSupport
import ArgumentParser

extension ShardSpec: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// Which shard of the selected examples this process attacks: `--shard`, else a
/// Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` with `--shard-count`, else a Slurm
/// job array's `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT`.
struct ShardOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Attack only shard I of N (I from 0 to N-1): a deterministic, balanced share of the selected examples by example id. Without it, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (with --shard-count) or a Slurm array's SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT choose the shard. A shard writes its journal under OUT/shard-I-of-N; `advglue merge` combines the shards into the report.",
            valueName: "I/N"))
    var shard: ShardSpec?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The number of shards when JOB_COMPLETION_INDEX gives the shard (the Job's completions).", valueName: "n"))
    var shardCount: Int?

    func validate() throws {
        if let shardCount, shardCount < 1 {
            throw ValidationError("--shard-count must be at least 1 (got \(shardCount))")
        }
        if shard != nil, shardCount != nil {
            throw ValidationError("--shard-count is for JOB_COMPLETION_INDEX; --shard I/N already names the count")
        }
    }

    /// The shard to attack and where it came from; nil for the whole run (also for a
    /// single shard, `0/1`).
    func resolve(environment: [String: String]) throws -> ShardChoice? {
        func usage(_ message: String) -> AdvGlueError { AdvGlueError(.usage, message) }
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Int(text), value >= 0 else { throw usage("\(name)='\(text)' is not a shard number") }
            return value
        }
        var found: (spec: ShardSpec, source: String)?
        if let shard {
            found = (shard, "--shard \(shard)")
        } else if let index = try number("JOB_COMPLETION_INDEX") {
            guard let shardCount else {
                throw usage(
                    "JOB_COMPLETION_INDEX=\(index) is set (a Kubernetes Indexed Job): pass --shard-count N with the Job's completions, or --shard I/N"
                )
            }
            guard index < shardCount else {
                throw usage("JOB_COMPLETION_INDEX=\(index) is not below --shard-count \(shardCount)")
            }
            found = (
                ShardSpec(index: index, count: shardCount), "JOB_COMPLETION_INDEX=\(index), --shard-count \(shardCount)"
            )
        } else if let id = try number("SLURM_ARRAY_TASK_ID"), let count = try number("SLURM_ARRAY_TASK_COUNT") {
            // Arrays may start anywhere (--array=1-4) and step (--array=0-15:4): the shard
            // is the task's position in the array.
            let first = try number("SLURM_ARRAY_TASK_MIN") ?? 0
            let step = max(1, try number("SLURM_ARRAY_TASK_STEP") ?? 1)
            let place = "SLURM_ARRAY_TASK_ID=\(id) (array from \(first), step \(step), \(count) tasks)"
            guard id >= first, (id - first) % step == 0, (id - first) / step < count else {
                throw usage(
                    "\(place) is not a task of an evenly spaced array: submit with --array=0-\(max(0, count - 1)), or pass --shard I/N"
                )
            }
            if let shardCount, shardCount != count {
                throw usage("--shard-count \(shardCount) disagrees with SLURM_ARRAY_TASK_COUNT=\(count)")
            }
            found = (ShardSpec(index: (id - first) / step, count: count), place)
        } else if let shardCount {
            throw usage(
                "--shard-count \(shardCount) needs JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) to give the shard; elsewhere pass --shard I/\(shardCount)"
            )
        }
        guard let found, found.spec.count > 1 else { return nil }
        return ShardChoice(spec: found.spec, source: found.source)
    }
}
