/// mimalloc: markedly faster than the system allocator for the many small allocations of
/// parsing and resolution (measured in docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(tokencraft::cli::main());
}
