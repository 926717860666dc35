from django.contrib import admin

from texts.models import Document, Paragraph, Revision


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "published_on", "imported_at"]
    search_fields = ["title", "author", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["imported_at", "imported_by", "current_revision"]


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    readonly_fields = fields = (
        "ordinal",
        "kind",
        "level",
        "list_id",
        "list_style",
        "list_number",
        "text",
    )
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "source_format", "source_name", "created_at"]
    list_select_related = ["document"]
    readonly_fields = ["document", "number", "source_sha256", "created_at"]
    inlines = [ParagraphInline]
