fn main() {
    std::process::exit(tokencraft::cli::main());
}
