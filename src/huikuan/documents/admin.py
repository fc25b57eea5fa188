"""Back office: staff edit the document templates without a code change."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .context import _ENGINE
from .models import DocumentTemplate, GeneratedDocument
from .services import template_restore


class DocumentTemplateForm(forms.ModelForm):
    html = forms.CharField(label=_("HTML template"), widget=forms.Textarea(attrs={"rows": 30, "cols": 120}))
    docx_upload = forms.FileField(
        label=_("Word template (docxtpl)"),
        required=False,
        help_text=_("Optional .docx with tags such as {{ debtor.name }}; replaces the DOCX built from the HTML."),
    )
    docx_clear = forms.BooleanField(label=_("Remove the Word template"), required=False)

    class Meta:
        model = DocumentTemplate
        fields = ["key", "title", "is_active", "html", "fields"]

    def clean_html(self):
        source = self.cleaned_data["html"]
        try:
            _ENGINE.from_string(source)
        except Exception as exc:  # any syntax error is reported beside the field
            raise forms.ValidationError(_("Template error: %(error)s") % {"error": exc}) from exc
        return source

    def clean_fields(self):
        value = self.cleaned_data["fields"]
        if not isinstance(value, list) or not all(isinstance(f, dict) and f.get("name") for f in value):
            raise forms.ValidationError(_('A list of objects, each with at least a "name".'))
        return value

    def clean_docx_upload(self):
        upload = self.cleaned_data.get("docx_upload")
        if upload is None:
            return None
        data = upload.read()
        if not data.startswith(b"PK"):
            raise forms.ValidationError(_("Upload a .docx file."))
        try:
            import io

            from docxtpl import DocxTemplate

            DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
        except Exception as exc:
            raise forms.ValidationError(_("Not a usable Word template: %(error)s") % {"error": exc}) from exc
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["title", "key", "version", "is_active", "has_word_template", "updated_at"]
    readonly_fields = ["version"]
    actions = ["restore_shipped"]

    @admin.display(boolean=True, description=_("Word template"))
    def has_word_template(self, obj) -> bool:
        return bool(obj.docx_template)

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "key"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("docx_upload")
        if upload:
            obj.docx_template = upload
        elif form.cleaned_data.get("docx_clear"):
            obj.docx_template = None
        if change:
            obj.version += 1  # generated documents record the version they came from
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Restore the shipped text"))
    def restore_shipped(self, request, queryset):
        for template in queryset:
            template_restore(template=template)
        self.message_user(
            request,
            ngettext("%(n)d template restored.", "%(n)d templates restored.", queryset.count())
            % {"n": queryset.count()},
            messages.SUCCESS,
        )


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["case", "title", "number", "issuer", "pdf_sha256", "created_at"]
    list_filter = ["key"]
    search_fields = ["case__reference"]
    exclude = ["pdf", "docx", "html"]
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields if f.name not in {"pdf", "docx", "html"}]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
