//! The user-tree commands resellers script against: CheckUsername,
//! GetUserIndex, GetUserId, GetUserBranch (reads) and AssignUser (moves a
//! subuser under another parent, `System::assign_user`). Every id they take
//! lies in the view's subtree; anything else is `user_fields::outside`, the
//! refusal the other user commands give. Must not touch objects, balances,
//! sessions or role users (a moved subuser keeps all of them).

use super::user_fields::{outside, read_id};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::wire::Response;

/// Whether a new user id is well formed (AddUser's rule: `505`) and free in
/// the system (`540`, whoever holds it, as AddUser refuses it).
///
/// ```text
/// COMMAND = CheckUsername
/// SUBUSER = <id: 3-64 of A-Z a-z 0-9 . _ ->
/// ```
pub(super) fn check_username(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args, "SUBUSER")?.ok_or(Error::missing("SUBUSER"))?;
    args.finish()?;
    if ctx.system.id_taken(id) {
        return Err(Error::NotUnique(format!("SUBUSER {id} exists already")));
    }
    Ok(Response::ok())
}

/// The numbers of a user of the view's subtree and of its parent (1, the
/// platform user, above a top-level account): StatusUser's USERINDEX and
/// PARENTUSERINDEX.
///
/// ```text
/// COMMAND = GetUserIndex
/// USER    = <the view's account or one below it>
/// ---
/// PROPERTY[PARENTUSERINDEX][0], PROPERTY[USERINDEX][0]
/// ```
pub(super) fn get_user_index(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("USER")?;
    args.finish()?;
    let view = ctx.owner();
    let system = &*ctx.system;
    let indexes = (system.user_index(id), system.parent_index(id));
    let (Some(index), Some(parent)) = indexes else {
        return Err(outside("USER", id, view));
    };
    if !system.in_subtree(view, id) {
        return Err(outside("USER", id, view));
    }
    let mut response = Response::ok();
    response
        .push("PARENTUSERINDEX", parent)
        .push("USERINDEX", index);
    Ok(response)
}

/// The user of the view's subtree with that USERINDEX, and its parent.
///
/// ```text
/// COMMAND   = GetUserId
/// USERINDEX = <number>
/// ---
/// PROPERTY[PARENTUSER][0], PROPERTY[USER][0]
/// ```
pub(super) fn get_user_id(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let text = args.required("USERINDEX")?;
    let index = match text.bytes().all(|b| b.is_ascii_digit()) {
        true => text.parse::<usize>().ok(),
        false => return Err(Error::syntax_rule("USERINDEX", text, "expected a number")),
    };
    args.finish()?;
    let view = ctx.owner();
    let system = &*ctx.system;
    let user = index
        .and_then(|index| system.user_by_index(index))
        .filter(|user| system.in_subtree(view, &user.id))
        .ok_or_else(|| outside("USERINDEX", text, view))?;
    let mut response = Response::ok();
    response
        .push("PARENTUSER", system.parent_of(&user.id))
        .push("USER", &user.id);
    Ok(response)
}

/// The users from the view's account down to SUBUSER, both included.
///
/// ```text
/// COMMAND = GetUserBranch
/// SUBUSER = <the view's account or one below it>
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL][0]
/// PROPERTY[USER][i]
/// ```
pub(super) fn get_user_branch(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("SUBUSER")?;
    args.finish()?;
    let view = ctx.owner();
    if !ctx.system.in_subtree(view, id) {
        return Err(outside("SUBUSER", id, view));
    }
    let chain = ctx.system.peer_chain(view, id);
    let mut users = vec![view];
    users.extend(chain.split_whitespace());
    let mut response = Response::ok();
    response
        .push("FIRST", 0)
        .push("LAST", users.len() - 1)
        .push("COUNT", users.len())
        .push("TOTAL", users.len());
    for user in users {
        response.push("USER", user);
    }
    Ok(response)
}

/// Moves SUBUSER, with its subusers, under USER. Both lie in the view's
/// subtree, SUBUSER below the view; USER may have subusers (AddUser's rule,
/// `User::may_have_subusers`: `531`) and is not SUBUSER or below it
/// (`541`); the moved subtree stays within eight levels (`549`). A refusal
/// changes nothing.
///
/// ```text
/// COMMAND = AssignUser
/// SUBUSER = <a subuser below the view>
/// USER    = <the new parent: the view's account or one below it>
/// ```
pub(super) fn assign_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("SUBUSER")?;
    let parent = args.required("USER")?;
    args.finish()?;
    let view = ctx.owner().to_owned();
    if id == view {
        return Err(Error::AuthorizationFailed(format!(
            "AssignUser moves subusers; {view} is the account this request acts as"
        )));
    }
    if !ctx.system.in_subtree(&view, id) {
        return Err(outside("SUBUSER", id, &view));
    }
    let Some(new_parent) = ctx
        .system
        .user(parent)
        .filter(|_| ctx.system.in_subtree(&view, parent))
    else {
        return Err(outside("USER", parent, &view));
    };
    if !new_parent.may_have_subusers() {
        return Err(Error::AuthorizationFailed(format!(
            "{parent} may not have subusers: its parent sets RELATION ALLOW_SUBUSER:1 with ModifyUser"
        )));
    }
    ctx.system.assign_user(id, parent, ctx.now)?;
    Ok(Response::ok())
}
