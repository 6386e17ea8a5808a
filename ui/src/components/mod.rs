pub mod app;
pub mod enrollment;
pub mod home;
pub mod login;
