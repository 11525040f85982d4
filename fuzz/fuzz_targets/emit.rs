#![no_main]

use libfuzzer_sys::fuzz_target;
use tokencraft_fuzz::emit::{emit_case, Case};

fuzz_target!(|case: Case| emit_case(&case));
