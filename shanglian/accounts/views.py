from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from shanglian.accounts import services
from shanglian.accounts.forms import PasswordResetForm, RoleAssignForm, UserCreateForm, UserEditForm
from shanglian.accounts.models import ApiToken, RoleAssignment, User
from shanglian.core.access import can_write, own_chamber_ids
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.roles import Role, has_capability
from shanglian.core.scope import get_object_for_user


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        from shanglian.audit import services as audit

        response = super().form_valid(form)
        audit.record(
            actor=self.request.user,
            action=audit.AuditAction.UPDATE,
            obj=self.request.user,
            organization=self.request.user.home_org,
            changes={"password": ["***", "***"]},
            message="修改本人密码",
        )
        messages.success(self.request, "密码已修改。")
        return response


def _add_errors(form, exc: ValidationError):
    for message in exc.messages:
        form.add_error(None, message)


@capability_required("user.view")
def user_list(request):
    users = (
        User.objects.visible_to(request.user)
        .select_related("home_org")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("organization", "enterprise"),
            )
        )
        .distinct()
        .order_by("home_org__path", "username")
    )
    q = request.GET.get("q", "").strip()[:50]
    if q:
        users = users.filter(Q(username__icontains=q) | Q(name__icontains=q))
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(role_assignments__role=role)
    page = Paginator(users, 30).get_page(request.GET.get("page"))
    return render(
        request, "accounts/user_list.html", {"page": page, "q": q, "roles": Role.choices, "role": role}
    )


def _home_org_for_new_user(actor, data):
    """Staff belong to the org of their role; an enterprise login to the chamber that opened it."""
    if data.get("organization") is not None and data["role"] != Role.ENTERPRISE_USER:
        return data["organization"]
    enterprise = data.get("enterprise")
    if enterprise is None:
        return None
    membership = (
        enterprise.memberships.filter(chamber_id__in=own_chamber_ids(actor)).select_related("chamber").first()
    )
    return membership.chamber if membership else enterprise.federation


@capability_required("user.manage")
def user_create(request):
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = data["role"]
        home_org = _home_org_for_new_user(request.user, data)
        try:
            user = services.create_user(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                home_org=home_org,
                name=data["name"],
                phone=data["phone"],
                role=role,
                organization=data.get("organization"),
                enterprise=data.get("enterprise"),
                is_legal_representative=data.get("is_legal_representative", False),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"用户 {user.username} 已创建。")
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": "新建用户"})


@capability_required("user.view")
def user_detail(request, user_id):
    target = get_object_for_user(User, request.user, user_id)
    can_manage = can_write(request.user, target) and has_capability(request.user, "user.manage")
    ctx = {
        "target": target,
        "assignments": target.role_assignments.select_related("organization", "enterprise"),
        "can_manage": can_manage,
        "edit_form": UserEditForm(initial={"name": target.name, "phone": target.phone}),
        "reset_form": PasswordResetForm(),
        "role_form": RoleAssignForm(actor=request.user),
    }
    return render(request, "accounts/user_detail.html", ctx)


def _managed_user(request, user_id):
    return get_object_for_user(User, request.user, user_id, capability="user.manage", write=True)


@require_POST
@capability_required("user.manage")
def user_edit(request, user_id):
    target = _managed_user(request, user_id)
    form = UserEditForm(request.POST)
    if form.is_valid():
        services.update_user(actor=request.user, user=target, **form.cleaned_data)
        messages.success(request, "已保存。")
    else:
        messages.error(request, "保存失败：" + form_errors_text(form))
    return redirect("accounts:user_detail", user_id=target.pk)


@require_POST
@capability_required("user.manage")
def user_set_active(request, user_id):
    target = _managed_user(request, user_id)
    active = request.POST.get("active") == "1"
    run_and_flash(
        request,
        lambda: services.set_user_active(actor=request.user, user=target, active=active),
        "已启用。" if active else "已停用。",
    )
    return redirect("accounts:user_detail", user_id=target.pk)


@require_POST
@capability_required("user.manage")
def user_reset_password(request, user_id):
    target = _managed_user(request, user_id)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.reset_password(
                actor=request.user, user=target, new_password=form.cleaned_data["new_password"]
            )
            messages.success(request, "密码已重置。")
        except ValidationError as exc:
            messages.error(request, "密码不符合要求：" + "；".join(exc.messages))
    else:
        messages.error(request, "请输入新密码。")
    return redirect("accounts:user_detail", user_id=target.pk)


@require_POST
@capability_required("user.manage")
def user_add_role(request, user_id):
    target = _managed_user(request, user_id)
    form = RoleAssignForm(request.POST, actor=request.user)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.assign_role(
                actor=request.user,
                user=target,
                role=form.cleaned_data["role"],
                organization=form.cleaned_data.get("organization"),
                enterprise=form.cleaned_data.get("enterprise"),
                is_legal_representative=form.cleaned_data.get("is_legal_representative", False),
            ),
            "角色已授予。",
        )
    else:
        messages.error(request, "授权失败：请检查所选组织或企业。")
    return redirect("accounts:user_detail", user_id=target.pk)


@require_POST
@capability_required("user.manage")
def user_remove_role(request, user_id, assignment_id):
    target = _managed_user(request, user_id)
    assignment = target.role_assignments.filter(pk=assignment_id).first()
    if assignment is None:
        from django.http import Http404

        raise Http404
    run_and_flash(
        request, lambda: services.revoke_role(actor=request.user, assignment=assignment), "角色已撤销。"
    )
    return redirect("accounts:user_detail", user_id=target.pk)


@require_POST
@capability_required("user.manage")
def user_set_legal_representative(request, user_id, assignment_id):
    target = _managed_user(request, user_id)
    assignment = target.role_assignments.filter(pk=assignment_id).first()
    if assignment is None:
        from django.http import Http404

        raise Http404
    value = request.POST.get("value") == "1"
    run_and_flash(
        request,
        lambda: services.set_legal_representative(actor=request.user, assignment=assignment, value=value),
        "已标记为企业法定代表人。" if value else "已取消法定代表人标记。",
    )
    return redirect("accounts:user_detail", user_id=target.pk)


@capability_required("api.token")
def tokens(request):
    raw = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = request.user.api_tokens.filter(pk=request.POST.get("revoke")).first()
            if token is None:
                raise PermissionDenied
            services.revoke_api_token(actor=request.user, token=token)
            messages.success(request, "令牌已吊销。")
            return redirect("accounts:tokens")
        _, raw = services.issue_api_token(actor=request.user, name=request.POST.get("name", "")[:50])
    listing = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "accounts/tokens.html", {"tokens": listing, "raw": raw})
