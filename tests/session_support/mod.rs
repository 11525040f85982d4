//! Shared set-up for the session-API tests: passwords, logging in, cookie requests.
#![allow(dead_code)]

use crate::api_support::Env;
use serde_json::Value;
use tokencraft::api::{Request, Response};

/// Every test user's password.
pub const PASSWORD: &str = "correct horse battery";

/// Gives user `id` (e-mail `id@example.com`) the test password.
pub fn with_password(env: &Env, id: &str) {
    env.api
        .accounts()
        .set_password(&format!("{id}@example.com"), PASSWORD)
        .expect("password");
}

/// A login request.
pub fn login_request(email: &str, password: &str) -> Request {
    Request::new("POST", "/api/auth/login")
        .header("Content-Type", "application/json")
        .body(serde_json::json!({ "email": email, "password": password }).to_string())
}

/// Logs user `id` in; returns the `Cookie` header value (`tc_session=…`).
pub fn login(env: &Env, id: &str) -> String {
    let r = env
        .api
        .handle(&login_request(&format!("{id}@example.com"), PASSWORD));
    assert_eq!(
        r.status,
        200,
        "login {id}: {}",
        String::from_utf8_lossy(&r.body)
    );
    let set = r.header_value("set-cookie").expect("Set-Cookie");
    set.split(';').next().expect("cookie pair").to_owned()
}

/// Creates a user with a password and logs in.
pub fn session_user(env: &mut Env, id: &str, plan: tokencraft::store::Plan) -> String {
    env.user(id, plan);
    with_password(env, id);
    login(env, id)
}

/// A request with an optional cookie and JSON body.
pub fn send(cookie: Option<&str>, method: &str, path: &str, body: Option<&Value>) -> Request {
    let mut req = Request::new(method, path);
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    if let Some(b) = body {
        req = req
            .header("Content-Type", "application/json")
            .body(b.to_string());
    }
    req
}

/// Sends and returns (status, JSON body or Null).
pub fn call(
    env: &Env,
    cookie: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let r = env
        .api
        .handle(&send(Some(cookie), method, path, body.as_ref()));
    (r.status, json(&r))
}

/// The JSON body of a response (Null when not JSON).
pub fn json(r: &Response) -> Value {
    serde_json::from_slice(&r.body).unwrap_or(Value::Null)
}
