/// libFuzzer entry point of `FuzzPlanner`; built only with `NEWSROOM_FUZZ=1 swift build --sanitize=fuzzer`
/// (see `seeds/fuzz/run.sh`). The work is in `PlannerFuzzHarness`, which the tests share.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    PlannerFuzzHarness.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
