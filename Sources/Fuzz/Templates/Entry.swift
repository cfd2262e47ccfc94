/// libFuzzer entry point of `FuzzTemplates`; built only with `NEWSROOM_FUZZ=1 swift build --sanitize=fuzzer`
/// (see `seeds/fuzz/run.sh`). The work is in `TemplatesFuzzHarness`, which the tests share.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    TemplatesFuzzHarness.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
