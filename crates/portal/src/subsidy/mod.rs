//! インフルエンザ予防接種補助申請 [guide, first page]: the season's rules from the society's file
//! ([`season`]); the applications, receipts and staff review come next (issue [9]).

pub mod season;
