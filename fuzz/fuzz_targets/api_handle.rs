#![no_main]

use libfuzzer_sys::fuzz_target;
use tokencraft_fuzz::api::{api_handle, Req};

fuzz_target!(|reqs: Vec<Req>| api_handle(&reqs));
